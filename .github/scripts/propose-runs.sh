#!/usr/bin/env bash
# Open, or add to, the one pull request that carries new benchmark run files.
#
# Run from the repository root once the new run files lie (untracked) in
# data/runs/ and `python -m bench check` has passed: `make propose-runs`.
# The regeneration workflow runs it on a hosted runner; a maintainer can run
# it by hand with the GitHub CLI logged in. It needs git and gh, and a token
# (GH_TOKEN, or gh's own login) that may push a branch and open a pull request.
#
# While that pull request is open, the new files are committed on top of its
# branch, so earlier ones are kept (files are only ever added: the branch
# never conflicts with main). Otherwise the branch starts afresh from HEAD,
# leaving out the runs of a pull request that was closed unmerged.
set -euo pipefail

branch="${PR_BRANCH:-bench/regenerate}"
base="${PR_BASE:-main}"
remote="${PR_REMOTE:-origin}"

mapfile -t new_runs < <(git ls-files --others --exclude-standard -- 'data/runs/*.json')
if [ "${#new_runs[@]}" -eq 0 ]; then
    echo "no new run files in data/runs/: nothing to propose"
    exit 0
fi

# Push over HTTPS with gh's token (the checkout kept no credentials).
gh auth setup-git

# Set the new files aside while switching: on a rerun, the branch may
# already hold some of them.
aside=$(mktemp -d)
for file in "${new_runs[@]}"; do
    mkdir -p "$aside/$(dirname "$file")"
    mv -- "$file" "$aside/$file"
done
number=$(gh pr list --head "$branch" --base "$base" --state open --json number --jq '.[0].number // empty')
if [ -n "$number" ]; then
    git fetch --quiet "$remote" "refs/heads/$branch"
    git switch --quiet -C "$branch" FETCH_HEAD
else
    git switch --quiet -C "$branch"
fi
for file in "${new_runs[@]}"; do
    mv -f -- "$aside/$file" "$file"
done
rm -rf -- "$aside"

git add -- "${new_runs[@]}"
if git diff --cached --quiet; then
    echo "the run files are already on $branch: nothing to propose"
    exit 0
fi
git -c user.name="${GIT_AUTHOR_NAME:-github-actions[bot]}" \
    -c user.email="${GIT_AUTHOR_EMAIL:-41898282+github-actions[bot]@users.noreply.github.com}" \
    commit --quiet -m "Add ${#new_runs[@]} benchmark run file(s)" -m "$(printf '%s\n' "${new_runs[@]}")"
if [ -n "$number" ]; then
    git push --quiet "$remote" "HEAD:refs/heads/$branch"
else
    git push --quiet --force "$remote" "HEAD:refs/heads/$branch"
fi

files=$(printf -- '- `%s`\n' "${new_runs[@]}")
run_url="${GITHUB_SERVER_URL:-}/${GITHUB_REPOSITORY:-}/actions/runs/${GITHUB_RUN_ID:-}"
[ -n "${GITHUB_RUN_ID:-}" ] || run_url="(run by hand)"

if [ -n "$number" ]; then
    gh pr comment "$number" --body "$(cat <<BODY
More run files from $run_url / 新增测量文件：

$files
BODY
)"
    echo "added ${#new_runs[@]} run file(s) to pull request #$number"
else
    gh pr create --base "$base" --head "$branch" \
        --title "Regenerate the benchmark numbers / 重新测量基准数据" \
        --body "$(cat <<BODY
New run files from the GPU regeneration workflow ($run_url). \`python -m bench check\` passed on them.
Before merging, review each run as CONTRIBUTING.md says ("Review a pull request with new runs"): the hardware named, a complete run, the harness commit, numbers in line with earlier runs, cells flagged as noisy, and no run edited or deleted.

GPU 重新测量工作流生成的新测量文件，已通过 \`python -m bench check\`。
合并前请按 CONTRIBUTING.zh.md 中“审阅含新测量文件的拉取请求”一节逐项核对：所写的硬件、测量是否完整、测试框架的提交、数字是否与以往测量相符、被标为波动过大的单元，以及没有修改或删除任何测量。

$files
BODY
)"
fi
