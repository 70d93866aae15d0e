package awsadapt

// Filled in when the iam adapters land.
func iamAdapters() []adapter { return nil }
