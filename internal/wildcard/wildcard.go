// Package wildcard matches the patterns users and cloud policies write
// with "*" and "?": IAM actions and resources, exception rules and
// resource selectors. Standard library only.
package wildcard

// Match reports whether s matches pattern, where "*" is any run of
// characters ("/" included) and "?" is one character; every other
// character stands for itself. Matching is linear in practice:
// backtracking returns only to the last "*".
func Match(pattern, s string) bool {
	p, t := []rune(pattern), []rune(s)
	pi, ti := 0, 0
	star, mark := -1, 0
	for ti < len(t) {
		switch {
		case pi < len(p) && p[pi] != '*' && (p[pi] == '?' || p[pi] == t[ti]):
			pi++
			ti++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, ti
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			ti = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
