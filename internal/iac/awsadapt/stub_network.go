package awsadapt

// Filled in when the network adapters land.
func networkAdapters() []adapter { return nil }
