package awstest

// Filled in when the ec2 collectors land.
func ec2Routes() []*Route { return nil }
