package exceptions

// covers reports whether pattern general matches everything pattern
// specific matches: "" covers anything and is covered only by "";
// a "*" of specific is covered only by a "*", a "?" by a "?" or "*".
func covers(general, specific string) bool {
	if general == "" {
		return true
	}
	if specific == "" {
		return false
	}
	g, s := []rune(general), []rune(specific)
	memo := map[[2]int]bool{}
	var at func(i, j int) bool
	at = func(i, j int) bool {
		if i == len(g) {
			return j == len(s)
		}
		k := [2]int{i, j}
		if v, ok := memo[k]; ok {
			return v
		}
		var ok bool
		switch g[i] {
		case '*':
			ok = at(i+1, j) || (j < len(s) && at(i, j+1))
		case '?':
			ok = j < len(s) && s[j] != '*' && at(i+1, j+1)
		default:
			ok = j < len(s) && s[j] == g[i] && at(i+1, j+1)
		}
		memo[k] = ok
		return ok
	}
	return at(0, 0)
}

// coversAll reports whether each field of general covers specific's.
func coversAll(general, specific *Exception) bool {
	gs, ss := &general.Resource, &specific.Resource
	for _, p := range [][2]string{{general.Rule, specific.Rule}, {gs.ID, ss.ID}, {gs.Type, ss.Type}, {gs.Provider, ss.Provider},
		{gs.Account, ss.Account}, {gs.Region, ss.Region}, {gs.Namespace, ss.Namespace}} {
		if !covers(p[0], p[1]) {
			return false
		}
	}
	for k, v := range gs.Labels {
		sv, ok := ss.Labels[k]
		if !ok || !covers(v, sv) {
			return false
		}
	}
	return true
}
