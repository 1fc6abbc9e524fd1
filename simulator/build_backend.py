"""The simulator's PEP 517 build backend, in the standard library only: a wheel (or an sdist, or an
editable install) of the `cloudstack_simulator` package, its data files included, and the console
scripts of pyproject.toml. Installing the simulator so needs no download."""
import base64
import hashlib
import io
import os
import tarfile
import tomllib
import zipfile

ROOT = os.path.dirname(os.path.abspath(__file__))
PACKAGE = "cloudstack_simulator"
SDIST_FILES = ("pyproject.toml", "README.md", "build_backend.py")


def _project():
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        return tomllib.load(f)["project"]


def _dist_name(project):
    return "%s-%s" % (project["name"].replace("-", "_"), project["version"])


def _metadata(project):
    with open(os.path.join(ROOT, project["readme"])) as f:
        readme = f.read()
    return ("Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: %s\nLicense: %s\nRequires-Python: %s\n"
            "Description-Content-Type: text/markdown\n\n%s" % (
                project["name"], project["version"], project["description"], project["license"]["text"],
                project["requires-python"], readme))


def _package_files():
    """(path in the archive, path on disk) of every file of the package: modules and data."""
    for directory, subdirectories, files in os.walk(os.path.join(ROOT, PACKAGE)):
        subdirectories[:] = sorted(d for d in subdirectories if d != "__pycache__")
        for name in sorted(files):
            if not name.endswith(".pyc"):
                path = os.path.join(directory, name)
                yield os.path.relpath(path, ROOT).replace(os.sep, "/"), path


def _wheel(wheel_directory, project, contents):
    """Write a py3-none-any wheel holding `contents` (archive path -> bytes) and its .dist-info."""
    info = _dist_name(project) + ".dist-info"
    scripts = "".join("%s = %s\n" % item for item in project.get("scripts", {}).items())
    contents = dict(contents)
    contents[info + "/METADATA"] = _metadata(project).encode()
    contents[info + "/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: build_backend\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    contents[info + "/entry_points.txt"] = ("[console_scripts]\n" + scripts).encode()
    records = []
    name = _dist_name(project) + "-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w", zipfile.ZIP_DEFLATED) as wheel:
        for path, data in contents.items():
            wheel.writestr(path, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            records.append("%s,sha256=%s,%d" % (path, digest, len(data)))
        records.append(info + "/RECORD,,")
        wheel.writestr(info + "/RECORD", "\n".join(records) + "\n")
    return name


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    contents = {}
    for path, source in _package_files():
        with open(source, "rb") as f:
            contents[path] = f.read()
    return _wheel(wheel_directory, _project(), contents)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """`pip install -e ./simulator`: a .pth file that puts this directory on sys.path."""
    return _wheel(wheel_directory, _project(), {PACKAGE + "_editable.pth": (ROOT + "\n").encode()})


def build_sdist(sdist_directory, config_settings=None):
    project = _project()
    base = _dist_name(project)
    name = base + ".tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as sdist:
        for path in SDIST_FILES:
            sdist.add(os.path.join(ROOT, path), "%s/%s" % (base, path))
        for path, source in _package_files():
            sdist.add(source, "%s/%s" % (base, path))
        metadata = _metadata(project).encode()
        member = tarfile.TarInfo("%s/PKG-INFO" % base)
        member.size = len(metadata)
        sdist.addfile(member, io.BytesIO(metadata))
    return name
