#!/usr/bin/env bash
# Prints a short summary of a finished build: tests run, failed, errors and skipped per module (from the
# Surefire and Failsafe XML reports), the failed tests by name, and for each compatibility matrix the
# contract suite wrote under <module>/target/compatibility/ its totals and every test that did not
# simply pass; then the same for CI's run of the tests on JDK 25 (<module>/target/surefire-reports-jdk25 and
# compatibility-jdk25), when there was one, and the reports of the virtual-thread load tests
# (<module>/target/virtual-threads). Needs only bash, sed, grep and awk.
#
# Usage: .ci/summary.sh [project-root]
set -euo pipefail

root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root"

# Modules in the order the root pom lists them, then any other folder that has reports.
modules=$(sed -n 's:.*<module>[[:space:]]*\([^<[:space:]]*\)[[:space:]]*</module>.*:\1:p' pom.xml)
for dir in */target; do
  [ -d "$dir" ] || continue
  module=${dir%/target}
  case $'\n'"$modules"$'\n' in
    *$'\n'"$module"$'\n'*) ;;
    *) modules="$modules"$'\n'"$module" ;;
  esac
done

# Reads the <testsuite ...> attributes and the failing <testcase>s of each report; per file it prints
#   S <tests> <failures> <errors> <skipped>
#   F <class>.<test> (failure|error)
report_awk='
  function attr(tag, name,    m) {
    if (match(tag, "[[:space:]]" name "=\"[^\"]*\"")) {
      m = substr(tag, RSTART + length(name) + 3, RLENGTH - length(name) - 4)
      return m
    }
    return 0
  }
  FNR == 1 { suite = ""; in_suite = 0; done = 0 }
  !done && /<testsuite[[:space:]>]/ { in_suite = 1; suite = "" }
  in_suite {
    suite = suite " " $0
    if (index($0, ">")) {
      in_suite = 0; done = 1
      print "S", attr(suite, "tests") + 0, attr(suite, "failures") + 0, attr(suite, "errors") + 0, attr(suite, "skipped") + 0
    }
  }
  /<testcase[[:space:]]/ { test_case = attr($0, "classname") "." attr($0, "name") }
  /<failure[[:space:]>\/]/ { print "F", test_case, "(failure)" }
  /<error[[:space:]>\/]/ { print "F", test_case, "(error)" }
'

# Prints the table of one set of reports: the folder name under <module>/target (surefire-reports,
# surefire-reports-jdk25, ...) and a title.
report_table() {
  local folder=$1 title=$2
  local total_tests=0 total_failures=0 total_errors=0 total_skipped=0 failed_lines=""
  local module reports file tests failures errors skipped kind rest a b c d
  printf '\n== Tests per module: %s ==\n' "$title"
  printf '%-28s %7s %7s %7s %8s\n' module tests failed errors skipped
  while IFS= read -r module; do
    [ -n "$module" ] || continue
    reports=()
    for file in "$module/target/$folder"/TEST-*.xml; do
      [ -f "$file" ] && reports+=("$file")
    done
    if [ "$folder" = surefire-reports ]; then
      for file in "$module"/target/failsafe-reports/TEST-*.xml; do
        [ -f "$file" ] && reports+=("$file")
      done
    fi
    if [ "${#reports[@]}" = 0 ]; then
      printf '%-28s %7s %7s %7s %8s   no test reports\n' "$module" - - - -
      continue
    fi
    tests=0 failures=0 errors=0 skipped=0
    while read -r kind rest; do
      case "$kind" in
        S)
          read -r a b c d <<< "$rest"
          tests=$((tests + a)) failures=$((failures + b)) errors=$((errors + c)) skipped=$((skipped + d))
          ;;
        F) failed_lines="$failed_lines  $module: $rest"$'\n' ;;
      esac
    done < <(awk "$report_awk" "${reports[@]}")
    printf '%-28s %7d %7d %7d %8d\n' "$module" "$tests" "$failures" "$errors" "$skipped"
    total_tests=$((total_tests + tests)) total_failures=$((total_failures + failures))
    total_errors=$((total_errors + errors)) total_skipped=$((total_skipped + skipped))
  done <<< "$modules"
  printf '%-28s %7d %7d %7d %8d\n' total "$total_tests" "$total_failures" "$total_errors" "$total_skipped"

  if [ -n "$failed_lines" ]; then
    printf '\nFailed tests:\n%s' "$failed_lines"
  fi
}

report_table surefire-reports "JDK 17 (./mvnw verify)"
if compgen -G "*/target/surefire-reports-jdk25/TEST-*.xml" > /dev/null; then
  report_table surefire-reports-jdk25 "JDK 25 (the same tests forked on JDK 25)"
fi

# Prints every compatibility matrix in one folder under <module>/target: the title, every test that did not
# simply pass (negative, failed, skipped), and the totals; the whole table stays in the file.
matrices() {
  local folder=$1 title=$2 found=0 matrix name
  printf '\n== Compatibility matrices: %s ==\n' "$title"
  for matrix in */target/"$folder"/*.md; do
    [ -f "$matrix" ] || continue
    found=1
    name=$(sed -n 's/^# //p' "$matrix" | head -n 1)
    printf '\n%s  (%s)\n' "$name" "$matrix"
    grep -E '^\| [^|]+ \| (negative|failed|skipped)' "$matrix" | sed 's/^/  /' || true
    grep -E '^Totals:' "$matrix" | sed 's/^/  /' || true
  done
  if [ "$found" = 0 ]; then
    printf 'none found (*/target/%s/*.md)\n' "$folder"
  fi
}

matrices compatibility "JDK 17"
if compgen -G "*/target/compatibility-jdk25/*.md" > /dev/null; then
  # The same contract on JDK 25: its totals only, and any test that failed there.
  printf '\n== Compatibility matrices: JDK 25 (totals, and failed tests) ==\n'
  for matrix in */target/compatibility-jdk25/*.md; do
    printf '%s: %s\n' "$matrix" "$(grep -E '^Totals:' "$matrix" || echo 'no totals')"
    grep -E '^\| [^|]+ \| failed' "$matrix" | sed 's/^/  /' || true
  done
fi

# What the virtual-thread load tests measured (written on Java 21+ only, so by the JDK 25 run).
if compgen -G "*/target/virtual-threads/*.txt" > /dev/null; then
  printf '\n== Virtual threads: 10,000 at once against each backend (*/target/virtual-threads) ==\n'
  for report in */target/virtual-threads/*.txt; do
    printf '\n'
    cat "$report"
  done
fi
