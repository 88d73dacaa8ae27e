"""qpfleet provisioning: everything about the fleet (registry, fees, dispatch, orchestration, the CLI)."""
