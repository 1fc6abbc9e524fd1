# Sphinx configuration of the docs site that `make docs` builds into .build/docs/html (see tools/docs).
# The reference pages of modules, plugins and roles come from antsibull-docs; the guides are docs/*.md,
# read by myst-parser.

from docutils import nodes

project = 'cloudstack.cloud'
copyright = 'the cloudstack.cloud authors'
title = 'cloudstack.cloud: Ansible collection for Apache CloudStack'
html_short_title = 'cloudstack.cloud'

extensions = ['sphinx_antsibull_ext', 'myst_parser']
source_suffix = {'.rst': 'restructuredtext', '.md': 'markdown'}
myst_heading_anchors = 4

pygments_style = 'ansible'
highlight_language = 'YAML+Jinja'

html_theme = 'sphinx_ansible_theme'
html_show_sphinx = False
display_version = False
html_use_smartypants = True
html_use_modindex = False
html_use_index = False
html_copy_source = False

# The build runs offline (no intersphinx inventories). Links from the guides to files of the repository
# (roles/*/README.md, examples/) have no page in the site: they stay plain links, not warnings.
suppress_warnings = ['myst.xref_missing']
default_role = 'any'
nitpicky = True

# antsibull-docs' pages link to labels and environment variables of Ansible's own docsite, which an offline
# build cannot fetch as an intersphinx inventory: resolve those few to docs.ansible.com, and leave any other
# unresolved reference a warning (an error with -W).
ANSIBLE_DOCS = 'https://docs.ansible.com/ansible/latest/'
ANSIBLE_LABELS = {
    'action_plugins': 'plugins/action.html',
    'ansible_configuration_settings': 'reference_appendices/config.html',
    'common_return_values': 'reference_appendices/common_return_values.html',
}


def resolve_ansible_reference(app, env, node, contnode):
    target = node.get('reftarget', '')
    if node.get('reftype') == 'ref' and target in ANSIBLE_LABELS:
        uri = ANSIBLE_DOCS + ANSIBLE_LABELS[target]
    elif node.get('reftype') == 'envvar' and target.startswith('ANSIBLE_'):
        uri = ANSIBLE_DOCS + 'reference_appendices/config.html#envvar-' + target
    else:
        return None
    return nodes.reference('', '', contnode, internal=False, refuri=uri)


def setup(app):
    app.connect('missing-reference', resolve_ansible_reference)
