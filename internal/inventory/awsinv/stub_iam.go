package awsinv

// Filled in when the iam collectors land: the collectors, and the IAM
// actions of operations not named after them ("ServiceID:Operation" ->
// "prefix:Action").
func iamCollectors() []Collector { return nil }

func iamActionExceptions() map[string]string { return nil }
