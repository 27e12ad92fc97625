.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

run: ## Set up and start the service with demo data (SQLite, embedded broker, real worker)
	./scripts/run

test: ## Set up and run the whole test suite (PostgreSQL, Redis, worker, Chromium)
	./scripts/test

lint: ## ruff and mypy
	DEBUG=true .venv/bin/ruff check . && DEBUG=true .venv/bin/mypy opcc grants complaints volunteers engagement

assets: ## Rebuild the vendored GOV.UK Frontend assets (needs npm)
	./scripts/build-assets
