# The two commands: `make run` and `make test`. Everything else is plumbing.
SHELL := /bin/bash
.PHONY: run test test-stock lint setup bench clean-db

run:  ## set up what is missing, then serve Odoo with the addon on 127.0.0.1:8069
	@WORKERS="$(WORKERS)" bash scripts/run.sh

test:  ## set up what is missing, then run linters and the whole pytest-odoo suite
	@bash scripts/test.sh $(ARGS)

test-stock:  ## nightly: stock Odoo's own portal/2FA/payment tests with the addon installed
	@bash scripts/test_stock.sh $(ARGS)

lint:
	@bash scripts/lint.sh

setup:
	@bash scripts/setup.sh

bench:
	@bash scripts/bench.sh $(ARGS)

clean-db:  ## drop the demo and test databases (templates are kept)
	@bash -c '. scripts/env.sh; . scripts/db.sh; pae_drop_db $$PAE_DEMO_DB; pae_drop_db $$PAE_TEST_DB'
