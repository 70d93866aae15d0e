package sqlstore

// SetFewMatches sets the text search's bound between its plans until the
// returned function restores it.
func SetFewMatches(n int) (restore func()) {
	old := fewMatches
	fewMatches = n
	return func() { fewMatches = old }
}
