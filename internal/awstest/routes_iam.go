package awstest

// Filled in when the iam collectors land.
func iamRoutes() []*Route { return nil }
