package k8s

import (
	"bytes"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// The fast reader reads the YAML that Kubernetes manifests are written
// in, several times faster than yaml.v3, and builds each document's
// object and index in one pass. Its subset:
//
//   - block mappings and sequences laid out by indentation with spaces,
//     sequences under a key at the key's own indentation included;
//   - flow sequences and mappings ([a, b], {a: b}, JSON), which may span
//     lines indented past their block;
//   - plain scalars on one line, single- and double-quoted scalars on
//     one line (all the escapes double quotes allow), literal and folded
//     block scalars (|, >, with chomping and indentation indicators);
//   - comments, and the document markers "---" and "..." on lines of
//     their own.
//
// Anything else — anchors, aliases, tags, directives, explicit and
// complex keys, keys that do not resolve to strings, merge keys,
// multi-line plain or quoted scalars, tabs outside quoted and block
// scalars, control characters, carriage returns, a byte order mark,
// documents nested MaxDepth deep, duplicate keys, a layout the reader is
// not sure of — makes it give up on the whole file, which yaml.v3 then
// reads: the result is the same either way, errors included, and
// differential and fuzz tests hold the reader to it.

// fastReader is the fast reader of a Parser. It is safe for concurrent
// use.
type fastReader struct {
	// scratch holds *reader, whose buffers outlive the files they read.
	scratch sync.Pool
}

// read reads the documents of a file; ok is false when the file uses
// YAML outside the subset.
func (f *fastReader) read(data []byte) (docs []document, ok bool) {
	if !fastBytes(data) {
		return nil, false
	}
	r, _ := f.scratch.Get().(*reader)
	if r == nil {
		r = &reader{}
	}
	*r = reader{src: data, line: 1, x: index{r.x.entries[:0]}, pairs: r.pairs[:0], items: r.items[:0], buf: r.buf[:0]}
	ok = r.stream()
	docs = r.docs
	// The buffers may keep a few values of this file until the next
	// overwrites them: clearing them costs more than it saves.
	*r = reader{x: r.x, pairs: r.pairs, items: r.items, buf: r.buf}
	f.scratch.Put(r)
	if !ok {
		return nil, false
	}
	return docs, true
}

// fastBytes reports whether data is valid UTF-8 without the characters
// the fast reader leaves to yaml.v3: control characters but tab and line
// feed, carriage return, DEL, the C1 controls (NEL among them), the line
// and paragraph separators, the byte order mark, U+FFFE and U+FFFF.
func fastBytes(data []byte) bool {
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c >= 0x20 && c < 0x7f || c == '\n' || c == '\t' {
			continue
		}
		if c < 0x80 {
			return false
		}
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1, r < 0xa0, r == 0x2028, r == 0x2029, r == 0xfeff, r == 0xfffe, r == 0xffff:
			return false
		}
		i += size - 1
	}
	return true
}

// maxKey bounds a key's length: YAML limits implicit keys to 1024
// characters.
const maxKey = 1000

// reader is the state of the fast reader over one file. Its methods
// return false when the file leaves the subset.
type reader struct {
	src  []byte
	pos  int // offset of the next byte to read
	bol  int // offset where the current line begins
	line int // current line, from 1
	// ind is the indentation of the line every node leaves pos at when it
	// ends (the next line with content, at its first character), -1 at
	// the end of the input or at a document marker.
	ind   int
	depth int // collections open
	docs  []document
	// Buffers: the index of the current document, the pairs of the
	// mappings and the items of the sequences being read, scalars that are
	// not written verbatim.
	x     index
	pairs []pair
	items []any
	buf   []byte
}

type pair struct {
	key   string
	value any
}

// Where a node starts relative to its line.
const (
	atLine    = iota // first on its line
	afterKey         // after "key: " on the same line
	afterDash        // after "- " on the same line
)

// stream reads the documents of the file.
func (r *reader) stream() bool {
	const (
		start  = iota // before any document
		open          // after "---"
		read          // after a document's root
		closed        // after "..."
	)
	state := start
	if !r.content() {
		return false
	}
	for {
		if r.ind >= 0 {
			if state == read || state == closed {
				return false // content after a root, or after "..." without "---"
			}
			if !r.document() {
				return false
			}
			state = read
			continue
		}
		if r.pos >= len(r.src) {
			return true
		}
		// A document marker at r.pos.
		marker := r.src[r.pos]
		if marker == '.' && (state == start || state == closed) {
			return false
		}
		state = open
		if marker == '.' {
			state = closed
		}
		r.pos += 3
		if !r.endLine() {
			return false
		}
	}
}

// document reads one document's root.
func (r *reader) document() bool {
	r.x.entries = r.x.entries[:0]
	at := r.x.open("")
	v, kind, line, ok := r.node(-1, atLine)
	if !ok || r.ind >= 0 || r.depth != 0 {
		return false
	}
	r.x.close(at, kind, line)
	switch kind {
	case mappingNode:
		r.docs = append(r.docs, document{kind: kind, line: line, value: v.(map[string]any), index: &index{slices.Clone(r.x.entries)}, owned: true})
	case scalarNode:
		if v == nil {
			r.docs = append(r.docs, document{})
			break
		}
		r.docs = append(r.docs, document{kind: kind, line: line})
	default:
		r.docs = append(r.docs, document{kind: kind, line: line})
	}
	return true
}

// blank reports whether offset i ends a token: a space, a line end or
// the end of the input.
func (r *reader) blank(i int) bool {
	return i >= len(r.src) || r.src[i] == ' ' || r.src[i] == '\n'
}

// content moves from the start of a line to the first character of the
// next line with content, past blank and comment lines, and sets ind.
func (r *reader) content() bool {
	src := r.src
	for r.pos < len(src) {
		i := r.pos
		for i < len(src) && src[i] == ' ' {
			i++
		}
		if i == len(src) {
			r.pos = i
			break
		}
		switch src[i] {
		case '\n':
			r.pos = i + 1
			r.line++
			r.bol = r.pos
			continue
		case '#':
			r.pos = i
			r.nextLine()
			continue
		case '\t':
			return false
		}
		r.pos = i
		if i == r.bol && i+3 <= len(src) && (src[i] == '-' && src[i+1] == '-' && src[i+2] == '-' || src[i] == '.' && src[i+1] == '.' && src[i+2] == '.') && r.blank(i+3) {
			r.ind = -1 // a document marker
			return true
		}
		r.ind = i - r.bol
		return true
	}
	r.ind = -1
	return true
}

// nextLine moves to the start of the next line.
func (r *reader) nextLine() {
	if i := bytes.IndexByte(r.src[r.pos:], '\n'); i >= 0 {
		r.pos += i + 1
		r.line++
		r.bol = r.pos
		return
	}
	r.pos = len(r.src)
}

func (r *reader) skipSpaces() {
	for r.pos < len(r.src) && r.src[r.pos] == ' ' {
		r.pos++
	}
}

// endLine checks that only spaces and a comment follow on the line, and
// moves to the next line with content.
func (r *reader) endLine() bool {
	p := r.pos
	r.skipSpaces()
	if r.pos < len(r.src) {
		switch r.src[r.pos] {
		case '\n':
		case '#':
			if r.pos == p { // a comment needs a space before it
				return false
			}
		default:
			return false
		}
	}
	r.nextLine()
	return r.content()
}

// lineEnds reports whether nothing but a comment follows on the line (pos
// is past a space or at the start of the line).
func (r *reader) lineEnds() bool {
	return r.pos >= len(r.src) || r.src[r.pos] == '\n' || r.src[r.pos] == '#'
}

func (r *reader) enter() bool {
	r.depth++
	return r.depth < MaxDepth
}

// node reads the node at pos, inside a block collection indented ctx (-1
// for the root), and ends at the next line with content. It returns the
// node's value, kind and line.
func (r *reader) node(ctx, where int) (any, nodeKind, int, bool) {
	src := r.src
	c := src[r.pos]
	col := r.pos - r.bol
	line := r.line
	switch c {
	case '-':
		if r.blank(r.pos + 1) {
			if where == afterKey {
				return nil, 0, 0, false
			}
			v, ok := r.sequence(col)
			return v, sequenceNode, line, ok
		}
	case '[', '{':
		v, kind, ok := r.flow(ctx)
		if !ok || !r.endLine() {
			return nil, 0, 0, false
		}
		return v, kind, line, true
	case '|', '>':
		if where == atLine || ctx < 0 {
			return nil, 0, 0, false
		}
		s, ok := r.blockScalar(ctx)
		return s, scalarNode, line, ok
	case '"', '\'':
		s, ok := r.quoted()
		if !ok {
			return nil, 0, 0, false
		}
		p := r.pos
		r.skipSpaces()
		if r.pos < len(src) && src[r.pos] == ':' && r.blank(r.pos+1) {
			if where == afterKey || r.pos-(r.bol+col) > maxKey {
				return nil, 0, 0, false
			}
			r.pos++
			v, ok := r.mapping(col, string(s), line)
			return v, mappingNode, line, ok
		}
		r.pos = p
		text := string(s)
		if !r.endLine() {
			return nil, 0, 0, false
		}
		return text, scalarNode, line, true
	case '?', ':', ',', ']', '}', '#', '&', '*', '!', '%', '@', '`':
		return nil, 0, 0, false
	}
	end, colon, ok := r.plain()
	if !ok {
		return nil, 0, 0, false
	}
	if colon >= 0 {
		if where == afterKey {
			return nil, 0, 0, false
		}
		k, ok := r.plainKey(end, colon)
		if !ok {
			return nil, 0, 0, false
		}
		v, ok := r.mapping(col, k, line)
		return v, mappingNode, line, ok
	}
	v := resolvePlain(string(src[r.pos:end]))
	r.pos = end
	if !r.endLine() {
		return nil, 0, 0, false
	}
	return v, scalarNode, line, true
}

// plain scans a plain scalar in block context from pos to the end of its
// line, a comment, or the ": " that makes it a key. end is where its text
// ends, trailing spaces excluded; colon is the offset of that ":", or -1.
func (r *reader) plain() (end, colon int, ok bool) {
	src := r.src
	i, colon := r.pos, -1
scan:
	for ; i < len(src); i++ {
		if !plainStops[src[i]] {
			continue
		}
		switch src[i] {
		case '\n':
			break scan
		case ':':
			if r.blank(i + 1) {
				colon = i
				break scan
			}
		case '#':
			if src[i-1] == ' ' {
				break scan
			}
		case '\t':
			return 0, 0, false
		}
	}
	end = i
	for end > r.pos && src[end-1] == ' ' {
		end--
	}
	return end, colon, true
}

// plainStops are the bytes plain scans stop at.
var plainStops = [256]bool{'\n': true, ':': true, '#': true, '\t': true}

// plainKey takes the plain key that ends at end, its ":" at colon, and
// moves past the colon. The key must resolve to a string and not be a
// merge key ("<<").
func (r *reader) plainKey(end, colon int) (string, bool) {
	if colon-r.pos > maxKey {
		return "", false
	}
	s := string(r.src[r.pos:end])
	if !textScalar(s) || s == "<<" {
		return "", false
	}
	r.pos = colon + 1
	return s, true
}

// textScalar reports whether a plain scalar resolves to its own text.
func textScalar(s string) bool {
	switch c := s[0]; c {
	case '.', '+', '-', '~', 't', 'T', 'f', 'F', 'n', 'N', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		_, ok := resolvePlain(s).(string)
		return ok
	}
	return true
}

// key reads a key of a block mapping, written first on its line, and its
// ":".
func (r *reader) key() (string, bool) {
	start := r.pos
	switch r.src[start] {
	case '"', '\'':
		s, ok := r.quoted()
		if !ok {
			return "", false
		}
		r.skipSpaces()
		if r.pos >= len(r.src) || r.src[r.pos] != ':' || !r.blank(r.pos+1) || r.pos-start > maxKey {
			return "", false
		}
		r.pos++
		return string(s), true
	case '-':
		if r.blank(start + 1) {
			return "", false
		}
	case '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`':
		return "", false
	}
	end, colon, ok := r.plain()
	if !ok || colon < 0 {
		return "", false
	}
	return r.plainKey(end, colon)
}

// mapping reads a block mapping indented col whose first key, written at
// keyLine, is read up to its ":".
func (r *reader) mapping(col int, key string, keyLine int) (map[string]any, bool) {
	if !r.enter() {
		return nil, false
	}
	base := len(r.pairs)
	for {
		at := r.x.open(key)
		v, kind, line, ok := r.value(col, keyLine)
		if !ok {
			return nil, false
		}
		if kind != scalarNode {
			line = keyLine
		}
		r.x.close(at, kind, line)
		r.pairs = append(r.pairs, pair{key, v})
		if r.ind != col {
			break
		}
		keyLine = r.line
		if key, ok = r.key(); !ok {
			return nil, false
		}
	}
	if r.ind > col {
		return nil, false
	}
	r.depth--
	return r.takePairs(base)
}

// value reads the value of a block mapping's key, after its ":": on the
// same line, on the lines below indented more, a sequence at the key's
// own indentation, or nothing (null, at the key's line).
func (r *reader) value(col, keyLine int) (any, nodeKind, int, bool) {
	r.skipSpaces()
	if !r.lineEnds() {
		return r.node(col, afterKey)
	}
	r.nextLine()
	if !r.content() {
		return nil, 0, 0, false
	}
	switch {
	case r.ind > col:
		return r.node(col, atLine)
	case r.ind == col && r.src[r.pos] == '-' && r.blank(r.pos+1):
		line := r.line
		v, ok := r.sequence(col)
		return v, sequenceNode, line, ok
	}
	return nil, scalarNode, keyLine, true
}

// sequence reads a block sequence whose first "-" is at pos, column col.
func (r *reader) sequence(col int) ([]any, bool) {
	if !r.enter() {
		return nil, false
	}
	base := len(r.items)
	for {
		line := r.line
		r.pos++ // the dash
		at := r.x.open("")
		r.skipSpaces()
		var v any
		kind, ok := scalarNode, true
		if r.lineEnds() {
			r.nextLine()
			if !r.content() {
				return nil, false
			}
			if r.ind > col {
				v, kind, line, ok = r.node(col, atLine)
			}
		} else {
			v, kind, line, ok = r.node(col, afterDash)
		}
		if !ok {
			return nil, false
		}
		r.x.close(at, kind, line)
		r.items = append(r.items, v)
		if r.ind != col || r.src[r.pos] != '-' || !r.blank(r.pos+1) {
			break
		}
	}
	if r.ind > col {
		return nil, false
	}
	r.depth--
	return r.takeItems(base), true
}

// takePairs makes a map of the pairs read since base; nil when a key is
// written twice (yaml.v3 rejects the document).
func (r *reader) takePairs(base int) (map[string]any, bool) {
	ps := r.pairs[base:]
	m := make(map[string]any, len(ps))
	for _, p := range ps {
		m[p.key] = p.value
	}
	r.pairs = r.pairs[:base]
	return m, len(m) == len(ps)
}

// takeItems makes a slice of the items read since base.
func (r *reader) takeItems(base int) []any {
	s := make([]any, len(r.items)-base)
	copy(s, r.items[base:])
	r.items = r.items[:base]
	return s
}

// blockScalar reads a literal or folded block scalar whose indicator is
// at pos, in a block collection indented ctx.
func (r *reader) blockScalar(ctx int) (string, bool) {
	src := r.src
	literal := src[r.pos] == '|'
	r.pos++
	var chomp byte
	indent := 0
header:
	for range 2 {
		switch c := r.peekAt(r.pos); {
		case (c == '-' || c == '+') && chomp == 0:
			chomp = c
		case '1' <= c && c <= '9' && indent == 0:
			indent = int(c - '0')
		default:
			break header
		}
		r.pos++
	}
	p := r.pos
	r.skipSpaces()
	if r.pos < len(src) && src[r.pos] != '\n' && (src[r.pos] != '#' || r.pos == p) {
		return "", false
	}
	r.nextLine()
	m := ctx + indent
	if indent == 0 {
		// The first line with content sets the indentation; the blank
		// lines before it may not be indented more.
		blanks := 0
		for i := r.pos; ; i++ {
			s := i
			for i < len(src) && src[i] == ' ' {
				i++
			}
			if i == len(src) || src[i] == '\t' {
				return "", false
			}
			if src[i] != '\n' {
				m = i - s
				break
			}
			blanks = max(blanks, i-s)
		}
		if m <= ctx || blanks > m {
			return "", false
		}
	}
	b := r.buf[:0]
	breaks, written := 0, false
	for r.pos < len(src) {
		i := r.pos
		for i < len(src) && src[i] == ' ' && i-r.pos < m {
			i++
		}
		e := len(src)
		if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
			e = i + j
		}
		text := src[i:e]
		if i-r.pos < m && len(text) > 0 {
			if text[0] == '\t' {
				return "", false
			}
			break // a line indented less: the scalar ends
		}
		if len(text) > 0 {
			if text[0] == '\t' || !literal && text[0] == ' ' {
				return "", false
			}
			switch {
			case !written || literal:
				for range breaks {
					b = append(b, '\n')
				}
			case breaks == 1:
				b = append(b, ' ')
			default:
				for range breaks - 1 {
					b = append(b, '\n')
				}
			}
			b = append(b, text...)
			breaks, written = 0, true
		}
		if e == len(src) {
			r.pos = e
			break
		}
		breaks++
		r.pos = e + 1
		r.line++
		r.bol = r.pos
	}
	if !written {
		return "", false
	}
	switch chomp {
	case 0:
		breaks = min(breaks, 1)
	case '-':
		breaks = 0
	}
	for range breaks {
		b = append(b, '\n')
	}
	r.buf = b
	return string(b), r.content()
}

// quoted reads a single- or double-quoted scalar that ends on its line:
// its text is in the input or in buf, until the next scalar.
func (r *reader) quoted() ([]byte, bool) {
	src := r.src
	i := r.pos + 1
	start := i
	if src[r.pos] == '\'' {
		doubled := false
		for {
			for i < len(src) && src[i] != '\'' && src[i] != '\n' {
				i++
			}
			if i == len(src) || src[i] == '\n' {
				return nil, false
			}
			if i+1 < len(src) && src[i+1] == '\'' {
				doubled = true
				i += 2
				continue
			}
			break
		}
		r.pos = i + 1
		if !doubled {
			return src[start:i], true
		}
		b := r.buf[:0]
		for j := start; j < i; j++ {
			b = append(b, src[j])
			if src[j] == '\'' {
				j++
			}
		}
		r.buf = b
		return b, true
	}
	for i < len(src) && src[i] != '"' && src[i] != '\\' && src[i] != '\n' {
		i++
	}
	if i < len(src) && src[i] == '"' {
		r.pos = i + 1
		return src[start:i], true
	}
	b := append(r.buf[:0], src[start:i]...)
	for {
		if i == len(src) || src[i] == '\n' {
			return nil, false
		}
		c := src[i]
		if c == '"' {
			break
		}
		i++
		if c != '\\' {
			b = append(b, c)
			continue
		}
		if i == len(src) {
			return nil, false
		}
		c = src[i]
		i++
		if e := escapes[c]; e != 0 || c == '0' {
			b = append(b, e)
			continue
		}
		digits := 0
		switch c {
		case 'N':
			b = utf8.AppendRune(b, 0x85)
		case '_':
			b = utf8.AppendRune(b, 0xa0)
		case 'L':
			b = utf8.AppendRune(b, 0x2028)
		case 'P':
			b = utf8.AppendRune(b, 0x2029)
		case 'x':
			digits = 2
		case 'u':
			digits = 4
		case 'U':
			digits = 8
		default:
			return nil, false
		}
		if digits == 0 {
			continue
		}
		if i+digits > len(src) {
			return nil, false
		}
		var cp uint32 // eight hex digits may pass the int32 of a rune
		for _, h := range src[i : i+digits] {
			v, ok := hexValue(h)
			if !ok {
				return nil, false
			}
			cp = cp<<4 | uint32(v)
		}
		i += digits
		if 0xd800 <= cp && cp <= 0xdfff || cp > 0x10ffff {
			return nil, false
		}
		b = utf8.AppendRune(b, rune(cp))
	}
	r.pos = i + 1
	r.buf = b
	return b, true
}

// escapes maps the single-character escapes of double-quoted scalars to
// their byte; \0 maps to 0 too.
var escapes = [256]byte{
	'0': 0, 'a': '\a', 'b': '\b', 't': '\t', 'n': '\n', 'v': '\v', 'f': '\f', 'r': '\r',
	'e': 0x1b, ' ': ' ', '"': '"', '\\': '\\', '\'': '\'',
}

func hexValue(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// flow reads a flow sequence or mapping whose bracket is at pos, inside a
// block collection indented ctx.
func (r *reader) flow(ctx int) (any, nodeKind, bool) {
	if !r.enter() {
		return nil, 0, false
	}
	src := r.src
	closing := byte(']')
	if src[r.pos] == '{' {
		closing = '}'
	}
	r.pos++
	base, pbase := len(r.items), len(r.pairs)
	if !r.flowSpace(ctx) {
		return nil, 0, false
	}
	for src[r.pos] != closing {
		var key string
		keyLine := r.line
		if closing == '}' {
			k, ok := r.flowKey()
			if !ok || !r.flowSpace(ctx) || src[r.pos] == ',' || src[r.pos] == '}' {
				return nil, 0, false
			}
			key = k
		}
		at := r.x.open(key)
		v, kind, line, ok := r.flowNode(ctx)
		if !ok || !r.flowSpace(ctx) {
			return nil, 0, false
		}
		if closing == '}' {
			if kind != scalarNode {
				line = keyLine
			}
			r.pairs = append(r.pairs, pair{key, v})
		} else {
			r.items = append(r.items, v)
		}
		r.x.close(at, kind, line)
		switch src[r.pos] {
		case ',':
			r.pos++
			if !r.flowSpace(ctx) || src[r.pos] == closing {
				return nil, 0, false // a trailing comma
			}
		case closing:
		default:
			return nil, 0, false
		}
	}
	r.pos++
	r.depth--
	if closing == ']' {
		return r.takeItems(base), sequenceNode, true
	}
	m, ok := r.takePairs(pbase)
	return m, mappingNode, ok
}

// flowSpace moves past spaces, comments and line breaks inside a flow
// collection to its next token. The lines it reaches must be indented
// past ctx; the collection must not end with the input.
func (r *reader) flowSpace(ctx int) bool {
	src := r.src
	for r.pos < len(src) {
		switch src[r.pos] {
		case ' ':
			r.pos++
		case '\n':
			r.pos++
			r.line++
			r.bol = r.pos
			i := r.pos
			for i < len(src) && src[i] == ' ' {
				i++
			}
			if i < len(src) && src[i] != '\n' && (i-r.bol <= ctx || i == r.bol && i+3 <= len(src) && (string(src[i:i+3]) == "---" || string(src[i:i+3]) == "...")) {
				return false
			}
		case '#':
			if r.pos > r.bol && src[r.pos-1] != ' ' {
				return false
			}
			j := bytes.IndexByte(src[r.pos:], '\n')
			if j < 0 {
				return false
			}
			r.pos += j
		case '\t':
			return false
		default:
			return true
		}
	}
	return false
}

// flowKey reads a key of a flow mapping and its ":".
func (r *reader) flowKey() (string, bool) {
	start := r.pos
	var key string
	switch c := r.src[start]; c {
	case '"', '\'':
		s, ok := r.quoted()
		if !ok {
			return "", false
		}
		key = string(s)
		r.skipSpaces()
	default:
		end, ok := r.flowPlain()
		if !ok {
			return "", false
		}
		key = string(r.src[start:end])
		r.skipSpaces()
		if end == start || !textScalar(key) || key == "<<" || !r.blank(r.pos+1) {
			return "", false
		}
	}
	if r.pos >= len(r.src) || r.src[r.pos] != ':' || r.pos-start > maxKey {
		return "", false
	}
	r.pos++
	return key, true
}

// flowNode reads a node inside a flow collection.
func (r *reader) flowNode(ctx int) (any, nodeKind, int, bool) {
	line := r.line
	switch r.src[r.pos] {
	case '[', '{':
		v, kind, ok := r.flow(ctx)
		return v, kind, line, ok
	case '"', '\'':
		s, ok := r.quoted()
		if !ok {
			return nil, 0, 0, false
		}
		return string(s), scalarNode, line, true
	}
	start := r.pos
	end, ok := r.flowPlain()
	if !ok {
		return nil, 0, 0, false
	}
	return resolvePlain(string(r.src[start:end])), scalarNode, line, true
}

// flowPlain scans a plain scalar inside a flow collection up to a flow
// indicator, a ":", a "?" (which ends it for yaml.v3), a "#" or the end
// of its line, and moves past it (trailing spaces left). end is where
// its text ends.
func (r *reader) flowPlain() (end int, ok bool) {
	src := r.src
	switch c := src[r.pos]; c {
	case '-':
		if r.blank(r.pos+1) || strings.IndexByte(",[]{}", r.peekAt(r.pos+1)) >= 0 {
			return 0, false
		}
	case '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`', '"', '\'':
		return 0, false
	}
	i := r.pos
scan:
	for ; i < len(src); i++ {
		switch src[i] {
		case ',', '[', ']', '{', '}', ':', '#', '?', '\n':
			break scan
		case '\t':
			return 0, false
		}
	}
	end = i
	for end > r.pos && src[end-1] == ' ' {
		end--
	}
	r.pos = end
	return end, true
}

// peekAt returns the byte at offset i, 0 past the end.
func (r *reader) peekAt(i int) byte {
	if i < len(r.src) {
		return r.src[i]
	}
	return 0
}
