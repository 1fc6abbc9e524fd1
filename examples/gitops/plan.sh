#!/usr/bin/env bash
# What both pipelines run: `plan.sh plan` runs the zone and workload playbooks with --check --diff and writes the plan
# as Markdown to $PLAN_FILE (default plan.md), to post on the merge request; `plan.sh apply` runs them for real.
# The cloud comes from the environment (CLOUDSTACK_ENDPOINT, CLOUDSTACK_KEY, CLOUDSTACK_SECRET, or CLOUDSTACK_CONFIG).
# The plan shows only what would change.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mode=${1:-plan}
case $mode in
  plan) check=(--check --diff) ;;
  apply) check=() ;;
  *) echo "usage: $0 [plan|apply]" >&2; exit 2 ;;
esac
plan_file=${PLAN_FILE:-plan.md}
export ANSIBLE_NOCOLOR=1 ANSIBLE_DISPLAY_OK_HOSTS=false ANSIBLE_DISPLAY_SKIPPED_HOSTS=false ANSIBLE_RETRY_FILES_ENABLED=false

run() {  # run TITLE PLAYBOOK [ARGS...]: the playbook's output, in the plan under TITLE
  local title=$1 output status=0
  shift
  output=$(ansible-playbook -i localhost, "${check[@]}" "$@" 2>&1) || status=$?
  printf '%s\n' "$output"
  {
    printf '### %s\n\n' "$title"
    printf '%s\n' "$output" | sed -n 's/^localhost *: /`/p' | sed 's/ *$/`\n/'
    printf '<details><summary>%s</summary>\n\n```diff\n%s\n```\n</details>\n\n' "output" "$output"
  } >> "$plan_file"
  return $status
}

printf '## CloudStack %s\n\n' "$mode" > "$plan_file"
run Zones cloudstack.cloud.deploy_zone -e "zone_description=$here/zones.yml"
run Workload "$here/workload.yml"
