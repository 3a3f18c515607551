# The two commands that matter: `make run` (the whole system on this machine) and `make test` (everything CI runs).
SHELL := /bin/bash

.PHONY: run run-dev stop status test bench build clean

## run: install what is missing, start PostgreSQL, RabbitMQ, the eight apps and nginx; print the URL. Ctrl-C stops it.
## The apps run in the Production environment, as on the droplet.
run:
	@bash deploy/local/run.sh

## run-dev: the same in the Development environment (detailed gRPC errors, one-line logs instead of JSON).
run-dev:
	@TT_DOTNET_ENVIRONMENT=Development bash deploy/local/run.sh

## stop: stop what `make run` started (from another terminal).
stop:
	@bash deploy/local/stop.sh

## status: what `make run` has running.
status:
	@bash deploy/local/infra.sh status && bash deploy/local/apps.sh status

## test: unit, integration and system tests against their own PostgreSQL and RabbitMQ (what CI runs).
test:
	@bash tests/run.sh

## bench: the benchmarks (ticket create through the front door with memory per process, the event path, ticket search at
## a million tickets); prints tables for tests/RESULTS.md. Not part of `make test`. `make bench BENCH=create` runs one.
bench:
	@bash tests/bench.sh $(BENCH)

## build: compile every project (Release, into artifacts/).
build:
	dotnet build TicketTracking.sln -c Release -nologo

## clean: remove build outputs (state folders under .state/ are kept).
clean:
	rm -rf artifacts
