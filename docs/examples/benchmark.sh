#!/usr/bin/env bash
# benchmark.sh: runs the evaluation, records it in the ledger and checks it for
# regressions, in any CI (Jenkins, Buildkite, CircleCI, cron) or on a laptop.
#
#   ./benchmark.sh                                  # commit and branch from the CI or git
#   COMMIT=$GIT_COMMIT BRANCH=main TRACKED_BRANCH=main ./benchmark.sh
#   COMMIT=$GIT_COMMIT BRANCH=feature/x PR=42 ./benchmark.sh
#
# The ledger: BENCHLEDGER_DB, else DATABASE_URL (PostgreSQL or Supabase), else ./.benchledger.
# Exit code: 0 no finding reached FAIL_ON; 1 one did (REPORT says which), or the ledger
# failed; 2 bad input, such as an invalid results file or no runs at the commit.
set -euo pipefail

BENCHLEDGER=${BENCHLEDGER:-npx benchledger}   # any command that runs the CLI
RESULTS=${RESULTS:-results.json}
REPORT=${REPORT:-report.md}
FAIL_ON=${FAIL_ON:-regression}                 # regression, tradeoff or inconclusive

# What the run measured. Each may stay empty: benchledger then reads the CI's variables
# (GitHub Actions, GitLab CI), else local git. Set them where neither knows.
COMMIT=${COMMIT:-}                 # the commit the evaluation ran on
BRANCH=${BRANCH:-}                 # its branch
PR=${PR:-}                         # a pull request's number: recorded and checked, never tracked
TRACKED_BRANCH=${TRACKED_BRANCH:-} # only runs of this branch move the snapshots, e.g. main
ENVIRONMENT=${ENVIRONMENT:-}       # default: the CI's name (github-actions, gitlab-ci), else local

# 1. The evaluation. Your harness goes here, writing any benchledger results file; this
#    example records the sample in docs/examples so the script runs as it stands.
cp docs/examples/results.json "$RESULTS"

# 2. Record it.
push_args=()
if [ -n "$COMMIT" ]; then push_args+=(--commit "$COMMIT"); fi
if [ -n "$BRANCH" ]; then push_args+=(--branch "$BRANCH"); fi
if [ -n "$PR" ]; then push_args+=(--pr "$PR"); fi
if [ -n "$TRACKED_BRANCH" ]; then push_args+=(--tracked-branch "$TRACKED_BRANCH"); fi
if [ -n "$ENVIRONMENT" ]; then push_args+=(--env "$ENVIRONMENT"); fi
# BENCHLEDGER is split into a command and its arguments on purpose; ${a[@]+...} keeps an
# empty list legal under set -u in bash 3.2 (macOS).
# shellcheck disable=SC2086
$BENCHLEDGER push "$RESULTS" ${push_args[@]+"${push_args[@]}"}

# 3. Check the commit's runs against the tracked line.
check_args=(--markdown "$REPORT" --fail-on "$FAIL_ON")
if [ -n "$COMMIT" ]; then check_args+=(--commit "$COMMIT"); fi
status=0
# shellcheck disable=SC2086
$BENCHLEDGER check "${check_args[@]}" || status=$?
case $status in
  0) echo "benchmark.sh: passed; the report is in $REPORT" ;;
  1) echo "benchmark.sh: a finding reached --fail-on $FAIL_ON (see $REPORT), or the ledger failed" >&2 ;;
  *) echo "benchmark.sh: bad input (exit code $status), see the message above" >&2 ;;
esac
exit "$status"
