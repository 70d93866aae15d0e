package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// streamBuffer is the output buffer of the formats that stream: what
// they hold before writing, however many findings come.
const streamBuffer = 64 << 10

// arrayDoc writes an indented JSON document whose one large array is
// streamed: the text before the array, its elements as they come, then
// the members that follow it, known only at the end.
type arrayDoc struct {
	w       *bufio.Writer
	buf     bytes.Buffer  // one element's text, reused
	enc     *json.Encoder // writes to buf, indented as the elements are
	head    string        // everything before the array's first element, "[" included
	indent  string        // of the array's elements
	started bool
	n       int
}

// member is a named value written after the array.
type member struct {
	name string
	v    any
}

func newArrayDoc(w io.Writer, head, indent string) *arrayDoc {
	d := &arrayDoc{w: bufio.NewWriterSize(w, streamBuffer), head: head, indent: indent}
	d.enc = json.NewEncoder(&d.buf)
	d.enc.SetIndent(indent, "  ")
	return d
}

func (d *arrayDoc) start() {
	if !d.started {
		d.started = true
		d.w.WriteString(d.head)
	}
}

// add writes one element.
func (d *arrayDoc) add(v any) error {
	d.start()
	d.buf.Reset()
	if err := d.enc.Encode(v); err != nil {
		return err
	}
	if d.n > 0 {
		d.w.WriteByte(',')
	}
	d.w.WriteByte('\n')
	d.w.WriteString(d.indent)
	d.n++
	// The writer keeps its first error: a closed output stops the scan
	// at the next finding, not at the end.
	_, err := d.w.Write(bytes.TrimSuffix(d.buf.Bytes(), []byte{'\n'}))
	return err
}

// end closes the array, writes the members after it at the indent of
// the object that holds it, then tail, and flushes.
func (d *arrayDoc) end(members []member, tail string) error {
	d.start()
	outer := d.indent[:len(d.indent)-2]
	if d.n > 0 {
		d.w.WriteString("\n" + outer)
	}
	d.w.WriteString("]")
	for _, m := range members {
		b, err := json.MarshalIndent(m.v, outer, "  ")
		if err != nil {
			return fmt.Errorf("encode %s: %w", m.name, err)
		}
		fmt.Fprintf(d.w, ",\n%s%q: ", outer, m.name)
		d.w.Write(b)
	}
	d.w.WriteString(tail)
	return d.w.Flush()
}
