# The two commands of the README: `make demo` and `make test`. Both install what they need.
.PHONY: setup setup-all demo test lint i18n package bench platform platform-stop docs-images

PY := .venv/bin/python

setup:
	bash scripts/setup.sh

setup-all:
	bash scripts/setup.sh --all

demo: setup
	/usr/bin/python3 scripts/i18n.py compile
	$(PY) scripts/demo.py --output demo_output

test: setup-all lint
	/usr/bin/python3 scripts/i18n.py check
	/usr/bin/python3 scripts/i18n.py compile
	QT_QPA_PLATFORM=offscreen .venv/bin/pytest

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

i18n:
	/usr/bin/python3 scripts/i18n.py update

package: setup
	/usr/bin/python3 scripts/i18n.py compile
	$(PY) scripts/package.py --output dist

# Benchmarks against the peers named in the issues; not part of `make test`.
bench: setup-all
	@for bench in tests/benchmarks/bench_*.py; do echo "== $$bench"; QT_QPA_PLATFORM=offscreen $(PY) $$bench || exit 1; done

# The local community platform (pygeoapi behind nginx on 127.0.0.1).
platform: setup-all
	bash scripts/platform.sh start

platform-stop:
	bash scripts/platform.sh stop

# README pictures of the tools, rendered by QGIS from a demo run
docs-images: demo
	$(PY) scripts/screenshots.py --demo-output demo_output
