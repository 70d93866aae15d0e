package tfjson

import (
	"strconv"
	"strings"
)

// indexKey formats an instance key as Terraform writes it in addresses:
// [0] for count, ["name"] for for_each; "" for none.
func indexKey(n *node) string {
	if n == nil {
		return ""
	}
	switch n.kind {
	case kNumber:
		return "[" + strconv.FormatFloat(n.num, 'f', -1, 64) + "]"
	case kString:
		return "[" + quote(n.str) + "]"
	}
	return ""
}

// quote writes s as a Terraform string literal.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// step is one dotted part of a Terraform address or reference, with the
// index written after it (`logs` and `[0]` in `logs[0]`), raw.
type step struct {
	name  string
	index string
}

// splitAddress splits `module.a["x.y"].aws_s3_bucket.b[0].id` into steps,
// honouring quoted keys. ok is false on malformed input.
func splitAddress(s string) (steps []step, ok bool) {
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] != '.' && s[j] != '[' {
			j++
		}
		st := step{name: s[i:j]}
		if st.name == "" {
			return nil, false
		}
		k := j
		for k < len(s) && s[k] == '[' {
			end := closeBracket(s, k)
			if end < 0 {
				return nil, false
			}
			k = end + 1
		}
		st.index = s[j:k]
		steps = append(steps, st)
		switch {
		case k == len(s):
			return steps, true
		case s[k] == '.':
			i = k + 1
			if i == len(s) {
				return nil, false
			}
		default:
			return nil, false
		}
	}
	return steps, len(steps) > 0
}

// closeBracket returns the index of the ']' closing the '[' at s[i], or -1.
func closeBracket(s string, i int) int {
	inStr := false
	for j := i + 1; j < len(s); j++ {
		switch c := s[j]; {
		case inStr && c == '\\':
			j++
		case c == '"':
			inStr = !inStr
		case !inStr && c == ']':
			return j
		}
	}
	return -1
}

// attrPath turns reference steps after the resource (`versioning[0]`,
// `enabled`) into a dotted path ("versioning.0.enabled"); string keys
// are written unquoted.
func attrPath(steps []step) string {
	var parts []string
	for _, st := range steps {
		parts = append(parts, st.name)
		idx := st.index
		for idx != "" {
			end := closeBracket(idx, 0)
			if end < 0 {
				break
			}
			k := idx[1:end]
			if u, err := strconv.Unquote(k); err == nil {
				k = u
			}
			parts = append(parts, k)
			idx = idx[end+1:]
		}
	}
	return strings.Join(parts, ".")
}
