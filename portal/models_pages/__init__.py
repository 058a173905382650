"""/models/<make>/<model>: one model's recalls by model year and its OTA release timeline."""
