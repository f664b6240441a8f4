"""The device register, its ledger and the AV compliance report in the admin
(issue #16); the domain lives in `dossiers.devices`."""
