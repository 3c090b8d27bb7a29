#!/usr/bin/env bash
# Open, or update, the one pull request that carries a changed data/releases.yaml.
#
# Run from the repository root after `make releases` and `make check`:
# `make propose-releases`. The weekly releases workflow runs it on a hosted
# runner; it needs git, gh and a token (GH_TOKEN) that may push a branch and
# open a pull request. The branch always starts afresh from HEAD: the file is
# rewritten whole each week, so the newest reading replaces an older one.
set -euo pipefail

branch="${PR_BRANCH:-bench/releases}"
base="${PR_BASE:-main}"
remote="${PR_REMOTE:-origin}"
file="data/releases.yaml"

if git diff --quiet -- "$file"; then
    echo "$file is unchanged: nothing to propose"
    exit 0
fi

gh auth setup-git
git switch --quiet -C "$branch"
git add -- "$file"
git -c user.name="${GIT_AUTHOR_NAME:-github-actions[bot]}" \
    -c user.email="${GIT_AUTHOR_EMAIL:-41898282+github-actions[bot]@users.noreply.github.com}" \
    commit --quiet -m "Record the latest framework releases from PyPI"
git push --quiet --force "$remote" "HEAD:refs/heads/$branch"

run_url="${GITHUB_SERVER_URL:-}/${GITHUB_REPOSITORY:-}/actions/runs/${GITHUB_RUN_ID:-}"
[ -n "${GITHUB_RUN_ID:-}" ] || run_url="(run by hand)"
changes=$(git diff "HEAD~1" -- "$file" | grep '^[-+] *version:' || true)

number=$(gh pr list --head "$branch" --base "$base" --state open --json number --jq '.[0].number // empty')
if [ -n "$number" ]; then
    gh pr comment "$number" --body "Updated by $run_url / 已更新。"
    echo "updated pull request #$number"
else
    gh pr create --base "$base" --head "$branch" \
        --title "Record the latest framework releases / 更新各框架的最新版本" \
        --body "$(cat <<BODY
The weekly releases workflow ($run_url) read each rated framework's latest release from PyPI. After merging, a rating reviewed against an older major or minor release says so on its framework page; re-review it and update its \`version\`.

每周版本检查工作流从 PyPI 读取了各框架的最新版本。合并后，依据旧的主版本或次版本审阅的评分会在框架页面上注明；请重新审阅并更新其 \`version\`。

\`\`\`diff
$changes
\`\`\`
BODY
)"
fi
