package awsmodel

// Filled in when the ec2 collectors land.
func ec2Types() []Type { return nil }
