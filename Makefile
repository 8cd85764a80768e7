.PHONY: run test lint format sample

run:  ## start the app on the sample program
	scripts/run.sh

test:  ## the whole suite, as CI runs it
	scripts/test.sh

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

format:
	.venv/bin/ruff format . && .venv/bin/ruff check --fix .

sample:  ## regenerate the committed sample program
	.venv/bin/python sample_data/generate.py
