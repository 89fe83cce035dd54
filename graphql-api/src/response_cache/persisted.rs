//! Parsed documents, and automatic persisted queries (Apollo's `persistedQuery`
//! extension, version 1).
//!
//! Every document that parses is kept under the SHA-256 of its text, parsed: a hot
//! operation is parsed once, not once per request. A client may then send only the
//! hash (`extensions: {persistedQuery: {version: 1, sha256Hash}}` and no `query`); an
//! unknown hash answers `PERSISTED_QUERY_NOT_FOUND`, and the client sends the text with
//! its hash once. A text is kept under a hash only after the server hashed it itself,
//! so no client can plant a document under another document's hash.
//!
//! Each kept document also carries the hash of its *shape* (the text with insignificant
//! whitespace, commas and comments dropped): the response cache's key, so two clients
//! that format one operation differently share its answers.

use async_graphql::{Request, parser::types::ExecutableDocument};
use sha2::{Digest, Sha256};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

/// A SHA-256 digest.
pub type Digest32 = [u8; 32];

/// A kept document.
#[derive(Debug)]
pub struct Doc {
    query: String,
    shape: Digest32,
    writes: bool,
    parsed: ExecutableDocument,
}

/// The kept documents, at most `max_bytes` of query text (then all are dropped; the hot
/// ones come back with their next request).
pub struct Documents {
    max_bytes: usize,
    inner: Mutex<(HashMap<Digest32, Arc<Doc>>, usize)>,
}

/// Why a request was refused before it ran: a code and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The error's `extensions.code`.
    pub code: &'static str,
    /// Its message.
    pub message: String,
}

fn refusal(code: &'static str, message: impl Into<String>) -> Refusal {
    Refusal {
        code,
        message: message.into(),
    }
}

impl Documents {
    /// Keeps at most `max_bytes` of query text.
    pub fn new(max_bytes: usize) -> Self {
        Self {
            max_bytes,
            inner: Mutex::new((HashMap::new(), 0)),
        }
    }

    fn get(&self, h: &Digest32) -> Option<Arc<Doc>> {
        self.inner.lock().expect("documents lock").0.get(h).cloned()
    }

    fn put(&self, h: Digest32, doc: Doc) -> Arc<Doc> {
        let doc = Arc::new(doc);
        let mut g = self.inner.lock().expect("documents lock");
        let (map, bytes) = &mut *g;
        if *bytes + doc.query.len() > self.max_bytes {
            map.clear();
            *bytes = 0;
        }
        if map.insert(h, doc.clone()).is_none() {
            *bytes += doc.query.len();
        }
        doc
    }

    /// How many documents are kept.
    pub fn len(&self) -> usize {
        self.inner.lock().expect("documents lock").0.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Resolves a persisted query and finds (or parses and keeps) `req`'s document:
    /// `None` when the text does not parse (the schema reports why). Refuses a
    /// malformed `persistedQuery`, an unknown hash, and a text that does not match its
    /// hash. The request runs with the kept parse once given it ([`Doc::attach`]);
    /// an answer served from the cache needs none.
    pub fn prepare(&self, req: &mut Request) -> Result<Option<Arc<Doc>>, Refusal> {
        let mut expected = None;
        if let Some(ext) = req.extensions.remove("persistedQuery") {
            let ext = ext.into_json().unwrap_or_default();
            let version = ext.get("version").and_then(|v| v.as_u64());
            let hash = ext
                .get("sha256Hash")
                .and_then(|v| v.as_str())
                .and_then(|h| {
                    let mut out = [0u8; 32];
                    hex::decode_to_slice(h, &mut out).ok().map(|()| out)
                });
            let (Some(1), Some(hash)) = (version, hash) else {
                return Err(refusal(
                    "BAD_REQUEST",
                    "persistedQuery must be {\"version\": 1, \"sha256Hash\": <64 hex digits>}",
                ));
            };
            if req.query.is_empty() {
                let Some(doc) = self.get(&hash) else {
                    return Err(refusal(
                        "PERSISTED_QUERY_NOT_FOUND",
                        "PersistedQueryNotFound",
                    ));
                };
                req.query = doc.query.clone();
                return Ok(Some(doc));
            }
            expected = Some(hash);
        }
        let h: Digest32 = Sha256::digest(req.query.as_bytes()).into();
        if expected.is_some_and(|e| e != h) {
            return Err(refusal(
                "BAD_REQUEST",
                "persistedQuery.sha256Hash is not the SHA-256 of the query",
            ));
        }
        let doc = match self.get(&h) {
            Some(d) => d,
            None => match async_graphql::parser::parse_query(&req.query) {
                Ok(parsed) => self.put(
                    h,
                    Doc {
                        shape: Sha256::digest(shape(&req.query).as_bytes()).into(),
                        query: req.query.clone(),
                        writes: parsed.operations.iter().any(|(_, op)| {
                            op.node.ty != async_graphql::parser::types::OperationType::Query
                        }),
                        parsed,
                    },
                ),
                Err(_) => return Ok(None),
            },
        };
        Ok(Some(doc))
    }
}

impl Doc {
    /// The digest of the document's shape (the response cache's key).
    pub fn shape(&self) -> &Digest32 {
        &self.shape
    }

    /// Whether the document holds a mutation (or a subscription): its answers are never
    /// kept, so it neither reads the generation nor waits for another request.
    pub fn writes(&self) -> bool {
        self.writes
    }

    /// Gives `req` this parse of its text (it is not parsed again).
    pub fn attach(&self, req: &mut Request) {
        req.set_parsed_query(self.parsed.clone());
    }
}

/// `query` without what GraphQL ignores between tokens (whitespace, commas, comments):
/// one space where two names or numbers, or two strings, would otherwise run together,
/// nothing elsewhere; strings and block strings as written.
pub fn shape(query: &str) -> String {
    let b = query.as_bytes();
    let mut out = String::with_capacity(query.len());
    let mut gap = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let ignored = match c {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => 1,
            b'#' => b[i..]
                .iter()
                .position(|&x| x == b'\n' || x == b'\r')
                .unwrap_or(b.len() - i),
            _ if query[i..].starts_with('\u{feff}') => 3,
            _ => 0,
        };
        if ignored > 0 {
            gap = true;
            i += ignored;
            continue;
        }
        let word = |x: u8| x.is_ascii_alphanumeric() || x == b'_';
        let joins = |p: u8| (word(p) && word(c)) || (p == b'"' && c == b'"');
        if gap && out.as_bytes().last().is_some_and(|&p| joins(p)) {
            out.push(' ');
        }
        gap = false;
        let end = if b[i..].starts_with(b"\"\"\"") {
            let mut j = i + 3;
            loop {
                if j >= b.len() {
                    break b.len();
                }
                if b[j..].starts_with(b"\\\"\"\"") {
                    j += 4;
                } else if b[j..].starts_with(b"\"\"\"") {
                    break j + 3;
                } else {
                    j += 1;
                }
            }
        } else if c == b'"' {
            let mut j = i + 1;
            loop {
                if j >= b.len() {
                    break b.len();
                }
                match b[j] {
                    b'\\' => j += 2,
                    b'"' => break j + 1,
                    _ => j += 1,
                }
            }
        } else {
            i + query[i..].chars().next().map_or(1, char::len_utf8)
        };
        let end = end.min(b.len());
        out.push_str(&query[i..end]);
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_drops_only_what_graphql_ignores() {
        assert_eq!(
            shape("query  Q(\n $a: Int,\n) {\r\n  tasks(first: $a) { id name } # a comment\n}"),
            "query Q($a:Int){tasks(first:$a){id name}}"
        );
        assert_eq!(
            shape("{a(x:\"1,  2 # not a comment\")}"),
            "{a(x:\"1,  2 # not a comment\")}"
        );
        assert_eq!(shape("{a(x:\"\\\" ,\")   b}"), "{a(x:\"\\\" ,\")b}");
        assert_eq!(
            shape("{a(x:\"\"\"  \\\"\"\"  ,\"\"\") , b}"),
            "{a(x:\"\"\"  \\\"\"\"  ,\"\"\")b}"
        );
        assert_eq!(
            shape("\u{feff}{ a(x: [1 2, -3]) ... on T { b } }"),
            "{a(x:[1 2-3])...on T{b}}"
        );
        // Unterminated strings end the text; nothing panics on odd input.
        assert_eq!(shape("{a(x:\"abc"), "{a(x:\"abc");
        assert_eq!(shape("{a(x:\"ab\\"), "{a(x:\"ab\\");
        assert_eq!(shape("{a(x:\"\"\"ab"), "{a(x:\"\"\"ab");
        assert_eq!(shape(" , # only ignored\n"), "");
        assert_eq!(shape("{ 原神 }"), "{原神}");
        assert_eq!(shape("[\"\"  \"x\"]"), "[\"\" \"x\"]");
        // Different layouts of one operation share a shape; different operations do not.
        assert_eq!(shape("{ a, b }"), shape("{a b}"));
        assert_ne!(shape("{ a(x: \"1 2\") }"), shape("{ a(x: \"1  2\") }"));
    }

    fn req(query: &str) -> Request {
        Request::new(query)
    }

    fn apq(hash: &str) -> Request {
        let mut r = Request::new("");
        r.extensions.insert(
            "persistedQuery".into(),
            async_graphql::Value::from_json(serde_json::json!({"version": 1, "sha256Hash": hash}))
                .unwrap(),
        );
        r
    }

    #[test]
    fn persisted_queries_resolve_only_what_was_hashed_here() {
        let docs = Documents::new(1 << 20);
        let q = "{ tasks(first: 2) { totalCount } }";
        let h = hex::encode(Sha256::digest(q));
        // Unknown hash: the client is told to send the text.
        let e = docs.prepare(&mut apq(&h)).unwrap_err();
        assert_eq!(
            (e.code, e.message.as_str()),
            ("PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
        );
        // A text under a hash that is not its own is refused, and not kept.
        let mut planted = apq(&h);
        planted.query = "{ me { username } }".into();
        assert_eq!(docs.prepare(&mut planted).unwrap_err().code, "BAD_REQUEST");
        assert_eq!(
            docs.prepare(&mut apq(&h)).unwrap_err().code,
            "PERSISTED_QUERY_NOT_FOUND"
        );
        // The text with its hash: kept; then the hash alone runs it.
        let mut with_text = apq(&h);
        with_text.query = q.into();
        let shape1 = *docs.prepare(&mut with_text).unwrap().unwrap().shape();
        let mut by_hash = apq(&h);
        let doc = docs.prepare(&mut by_hash).unwrap().unwrap();
        assert_eq!(&shape1, doc.shape());
        assert_eq!(by_hash.query, q);
        doc.attach(&mut by_hash);
        assert!(by_hash.parsed_query().is_ok());
        let shape = |r: &mut Request| docs.prepare(r).unwrap().map(|d| *d.shape());
        // The same operation laid out differently: one shape.
        let mut tight = req("{tasks(first:2){totalCount}}");
        assert_eq!(shape(&mut tight), Some(shape1));
        let mut other = req("{ tasks(first: 3) { totalCount } }");
        assert_ne!(shape(&mut other), Some(shape1));
        // Malformed extensions and unparsable text.
        for bad in ["xyz", &h[..10]] {
            assert_eq!(docs.prepare(&mut apq(bad)).unwrap_err().code, "BAD_REQUEST");
        }
        let mut v2 = apq(&h);
        v2.extensions.insert(
            "persistedQuery".into(),
            async_graphql::Value::from_json(serde_json::json!({"version": 2, "sha256Hash": h}))
                .unwrap(),
        );
        assert_eq!(docs.prepare(&mut v2).unwrap_err().code, "BAD_REQUEST");
        assert!(docs.prepare(&mut req("{ tasks(")).unwrap().is_none());
        assert!(!doc.writes());
        let m = docs
            .prepare(&mut req("query A { a } mutation B { b }"))
            .unwrap()
            .unwrap();
        assert!(m.writes());
    }

    #[test]
    fn kept_text_is_bounded() {
        let docs = Documents::new(100);
        for i in 0..50 {
            docs.prepare(&mut req(&format!("{{ t{i}: tasks {{ totalCount }} }}")))
                .unwrap();
        }
        assert!(docs.len() <= 4, "{} documents kept", docs.len());
    }
}
