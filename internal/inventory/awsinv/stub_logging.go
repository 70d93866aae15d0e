package awsinv

// Filled in when the logging collectors land: the collectors, and the IAM
// actions of operations not named after them ("ServiceID:Operation" ->
// "prefix:Action").
func loggingCollectors() []Collector { return nil }

func loggingActionExceptions() map[string]string { return nil }
