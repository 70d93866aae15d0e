package awsadapt

// Filled in when the logging adapters land.
func loggingAdapters() []adapter { return nil }
