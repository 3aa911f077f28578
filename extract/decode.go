package extract

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

// Decode returns body as valid UTF-8. The encoding is taken, in order, from
// the HTTP Content-Type charset, a byte-order mark, the bytes being valid
// UTF-8 already, then a <meta charset> in the first 1024 bytes; failing all
// of those, windows-1252 as browsers do. Crawler and extractor share it so a
// page decodes the same way wherever it is read.
func Decode(body []byte, contentType string) ([]byte, error) {
	if name := charsetParam(contentType); name != "" {
		if enc, canonical := charset.Lookup(name); enc != nil {
			if canonical == "utf-8" {
				return toValidUTF8(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))), nil
			}
			out, err := enc.NewDecoder().Bytes(body)
			if err != nil {
				return nil, fmt.Errorf("decode %s: %w", canonical, err)
			}
			return toValidUTF8(out), nil
		}
	}
	// With no usable HTTP charset, DetermineEncoding checks the BOM, then
	// <meta>; but valid UTF-8 must win over a stale <meta> declaration.
	if bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) {
		return toValidUTF8(body[3:]), nil
	}
	if len(body) >= 2 && (body[0] == 0xfe && body[1] == 0xff || body[0] == 0xff && body[1] == 0xfe) {
		enc, _, _ := charset.DetermineEncoding(body, "")
		out, err := enc.NewDecoder().Bytes(body)
		if err != nil {
			return nil, fmt.Errorf("decode utf-16: %w", err)
		}
		return toValidUTF8(out), nil
	}
	if utf8.Valid(body) {
		return body, nil
	}
	enc, name, _ := charset.DetermineEncoding(body, "text/html")
	if name == "utf-8" {
		return toValidUTF8(body), nil
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", name, err)
	}
	return toValidUTF8(out), nil
}

func charsetParam(contentType string) string {
	i := bytes.Index(bytes.ToLower([]byte(contentType)), []byte("charset="))
	if i < 0 {
		return ""
	}
	v := contentType[i+len("charset="):]
	if j := bytes.IndexAny([]byte(v), "; "); j >= 0 {
		v = v[:j]
	}
	return string(bytes.Trim([]byte(v), `"'`))
}

func toValidUTF8(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	return bytes.ToValidUTF8(b, []byte("\uFFFD"))
}
