package awsmodel

// Service groups filled in as their collectors land.

func accountTypes() []Type  { return nil }
func iamTypes() []Type      { return nil }
func ec2Types() []Type      { return nil }
func loggingTypes() []Type  { return nil }
func servicesTypes() []Type { return nil }
