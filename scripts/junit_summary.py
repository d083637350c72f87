#!/usr/bin/env python3
"""Sums JUnit XML reports (lit, gtest, pytest) into one pass/fail count.

Usage: junit_summary.py REPORT.xml...   Prints a line per suite and ends with
`N passed, N failed`; exits 1 when a test failed or a report is missing.
"""

import sys
import xml.etree.ElementTree as ET


def count(path):
    passed = failed = skipped = 0
    failures = []
    for case in ET.parse(path).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
            failures.append(f"{case.get('classname', '')}::{case.get('name', '')}")
        elif case.find("skipped") is not None:
            skipped += 1
        else:
            passed += 1
    return passed, failed, skipped, failures


def main(paths):
    total_passed = total_failed = 0
    missing = False
    for path in paths:
        try:
            passed, failed, skipped, failures = count(path)
        except (OSError, ET.ParseError) as err:
            print(f"{path}: no report ({err})")
            missing = True
            total_failed += 1
            continue
        print(f"{path}: {passed} passed, {failed} failed, {skipped} skipped")
        for name in failures:
            print(f"  FAILED {name}")
        total_passed += passed
        total_failed += failed
    print(f"{total_passed} passed, {total_failed} failed")
    return 1 if total_failed or missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
