//! The content store: JSON documents under their keccak256. The chain holds the hash;
//! the API hands out a body only when it hashes to it.

use alloy::primitives::keccak256;
use sqlx::{MySqlPool, Row as _};
use std::collections::HashMap;

/// The largest document, in bytes.
pub const MAX_BYTES: usize = 64 * 1024;

/// Why a document was refused.
#[derive(Debug, thiserror::Error)]
pub enum PutError {
    /// Over [`MAX_BYTES`].
    #[error("the document is {0} bytes; at most 65536 are stored")]
    TooLarge(usize),
    /// Not JSON.
    #[error("the document is not JSON: {0}")]
    NotJson(String),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// The keccak256 of `body`'s UTF-8 bytes, 0x-prefixed lowercase hex.
pub fn hash_of(body: &str) -> String {
    format!("{:#x}", keccak256(body.as_bytes()))
}

fn strings(v: &serde_json::Value, out: &mut String) {
    match v {
        serde_json::Value::String(s) => {
            out.push_str(s);
            out.push(' ');
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// Stores `json` (exactly these bytes) and returns its hash. Storing the same document
/// again changes nothing.
pub async fn put(pool: &MySqlPool, json: &str, by: Option<&str>) -> Result<String, PutError> {
    if json.len() > MAX_BYTES {
        return Err(PutError::TooLarge(json.len()));
    }
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| PutError::NotJson(e.to_string()))?;
    let hash = hash_of(json);
    let mut words = String::new();
    strings(&value, &mut words);
    sqlx::query(
        "INSERT IGNORE INTO content (hash, body, byte_size, search_terms, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(&hash)
    .bind(json)
    .bind(json.len() as u64)
    .bind(indexer::search::terms_limited(&words, 16 * 1024))
    .bind(by)
    .bind(crate::auth::now())
    .execute(pool)
    .await?;
    Ok(hash)
}

/// The stored bodies of `hashes` (those the store has).
pub async fn get_many(
    pool: &MySqlPool,
    hashes: &[String],
) -> Result<HashMap<String, String>, sqlx::Error> {
    if hashes.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT CAST(hash AS CHAR) AS hash, CAST(body AS CHAR) AS body FROM content WHERE hash IN ({})",
        vec!["?"; hashes.len()].join(",")
    );
    let mut q = sqlx::query(&sql);
    for h in hashes {
        q = q.bind(h);
    }
    q.fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| Ok((r.try_get_unchecked("hash")?, r.try_get_unchecked("body")?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_keccak_of_the_exact_bytes() {
        assert_eq!(
            hash_of(""),
            "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
        );
        assert_ne!(hash_of(r#"{"text":"a"}"#), hash_of(r#"{ "text":"a"}"#));
    }
}
