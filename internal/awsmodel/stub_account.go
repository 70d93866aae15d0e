package awsmodel

// Filled in when the account collectors land.
func accountTypes() []Type { return nil }
