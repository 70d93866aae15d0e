package awsinv

// Filled in when the ec2 collectors land: the collectors, and the IAM
// actions of operations not named after them ("ServiceID:Operation" ->
// "prefix:Action").
func ec2Collectors() []Collector { return nil }

func ec2ActionExceptions() map[string]string { return nil }
