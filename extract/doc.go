// Package extract turns the bytes of one news page into an [Article]: the
// headline, standfirst, body, authors, dates and related links, with the
// page's navigation chrome left out.
//
// It is pure: no network, no SQL, no logging, no globals that change. A page
// is parsed once; every field is read from that one tree. Files are split by
// concern, as goquery's are:
//
//   - parse.go      entry point, budgets, the order fields are read in
//   - decode.go     bytes → UTF-8, shared with the crawler
//   - dom.go        small tree helpers: text, attributes, landmarks
//   - meta.go       <meta>, <link rel=canonical>, <html lang>
//   - jsonld.go     schema.org JSON-LD
//   - headline.go   the article's own headline, without site-name affixes
//   - standfirst.go the dek under the headline
//   - dates.go      publication and modification dates and their sources
//   - authors.go    bylines into names
//   - noise.go      what is page chrome: landmarks, widgets, vocabulary
//   - body.go       the main text block and its paragraphs
//   - related.go    related-article link blocks
//   - kind.go       article, index or other
//
// The rules are general (landmarks, ARIA roles, text and link density,
// position relative to the headline, widget vocabulary in several
// languages); none is keyed on one site's class names or host.
package extract
