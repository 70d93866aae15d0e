package awsinv

// Filled in when the services collectors land: the collectors, and the IAM
// actions of operations not named after them ("ServiceID:Operation" ->
// "prefix:Action").
func servicesCollectors() []Collector { return nil }

func servicesActionExceptions() map[string]string { return nil }
