//! Content documents: `putContent`, `document`, and the `Document` every chain object
//! with a hash exposes.

use super::context::{auth, info, limit};
use crate::{
    auth::rules,
    content::{self, PutError},
    error::{ApiResult, bad_input, internal},
};
use async_graphql::{
    Context, ErrorExtensions as _, Object, Scalar, ScalarType, Value,
    dataloader::{DataLoader, Loader},
};
use sqlx::MySqlPool;
use std::{collections::HashMap, sync::Arc};

/// A keccak256 hash: `0x` and 64 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hash(pub String);

/// A keccak256 hash: `0x` and 64 lowercase hex digits.
#[Scalar]
impl ScalarType for Hash {
    fn parse(value: Value) -> async_graphql::InputValueResult<Self> {
        match &value {
            Value::String(s) => parse_hash(s)
                .map(Hash)
                .map_err(async_graphql::InputValueError::custom),
            _ => Err(async_graphql::InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.clone())
    }
}

/// Checks a 32-byte hash and returns it lowercase.
pub fn parse_hash(s: &str) -> Result<String, String> {
    let hex = s.strip_prefix("0x").unwrap_or("");
    if hex.len() == 64 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(s.to_ascii_lowercase())
    } else {
        Err(format!(
            "{s:?} is not a 32-byte hash (0x and 64 hex digits)"
        ))
    }
}

/// Document bodies by hash.
pub struct ContentLoader(pub MySqlPool);

impl Loader<String> for ContentLoader {
    type Value = String;
    type Error = Arc<sqlx::Error>;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, String>, Self::Error> {
        content::get_many(&self.0, keys).await.map_err(Arc::new)
    }
}

/// An off-chain document and whether it matches the hash the chain holds.
pub struct Document {
    hash: String,
    body: Option<String>,
}

impl Document {
    /// Loads the document `hash` names (through the page's loader).
    pub async fn load(ctx: &Context<'_>, hash: &str) -> ApiResult<Document> {
        let loader = ctx.data_unchecked::<DataLoader<ContentLoader>>();
        let body = loader.load_one(hash.to_owned()).await?;
        Ok(Document {
            hash: hash.to_owned(),
            body,
        })
    }

    fn verified_body(&self) -> Option<&str> {
        self.body
            .as_deref()
            .filter(|b| content::hash_of(b) == self.hash)
    }
}

#[Object]
impl Document {
    /// The keccak256 the chain holds.
    async fn hash(&self) -> &str {
        &self.hash
    }
    /// The document (JSON), when the store has a body that hashes to `hash`.
    async fn json(&self) -> Option<&str> {
        self.verified_body()
    }
    /// The document's `text` field (a post's or comment's body, a task's spec, ...).
    async fn text(&self) -> Option<String> {
        let v: serde_json::Value = serde_json::from_str(self.verified_body()?).ok()?;
        v.get("text")?.as_str().map(str::to_owned)
    }
    /// Whether the body was found and its keccak256 equals the on-chain hash.
    async fn verified(&self) -> bool {
        self.verified_body().is_some()
    }
}

/// The content store's query.
#[derive(Default)]
pub struct ContentQuery;

#[Object]
impl ContentQuery {
    /// A stored document by its hash (`null` when the store lacks it).
    async fn document(&self, ctx: &Context<'_>, hash: String) -> ApiResult<Option<Document>> {
        let hash = parse_hash(&hash).map_err(bad_input)?;
        let d = Document::load(ctx, &hash).await?;
        Ok(d.body.is_some().then_some(d))
    }
}

/// A `QUOTA_EXCEEDED` error: a content byte budget or the store's cap.
fn quota_exceeded(msg: String) -> async_graphql::Error {
    async_graphql::Error::new(msg).extend_with(|_, e| e.set("code", "QUOTA_EXCEEDED"))
}

/// The content store's mutation.
#[derive(Default)]
pub struct ContentMutation;

#[Object]
impl ContentMutation {
    /// Stores a JSON document (at most 64 KiB) under its keccak256 and returns the hash
    /// to put on chain. Storing the same bytes again returns the same hash.
    async fn put_content(&self, ctx: &Context<'_>, json: String) -> ApiResult<Hash> {
        let req = info(ctx);
        match &req.caller {
            Some(c) => limit(
                ctx,
                &format!("content:{}", c.address),
                rules::CONTENT_PER_ACCOUNT,
            )?,
            None => limit(
                ctx,
                &format!("content-ip:{}", req.ip),
                rules::CONTENT_ANON_PER_IP,
            )?,
        }
        let pool = ctx.data_unchecked::<MySqlPool>();
        let by = req.caller.as_ref().map(|c| c.address.as_str());
        // Byte budgets (issue 11): per account and per IP an hour, and a total cap.
        static DEFAULT: std::sync::OnceLock<content::Quota> = std::sync::OnceLock::new();
        let quota = ctx
            .data_opt::<Arc<content::Quota>>()
            .map(|q| q.as_ref())
            .unwrap_or_else(|| DEFAULT.get_or_init(content::Quota::default));
        let n = u32::try_from(json.len()).unwrap_or(u32::MAX);
        if json.len() <= content::MAX_BYTES {
            let charged = content::charge(
                pool,
                &auth(ctx).limiter,
                quota,
                req.ip,
                req.caller.as_ref().map(|c| c.address.as_str()),
                n,
            )
            .await
            .map_err(internal)?;
            if let Err(refusal) = charged {
                return Err(quota_exceeded(refusal.message()));
            }
        }
        match content::put(pool, &json, by).await {
            Ok(h) => {
                quota.stored(u64::from(n));
                Ok(Hash(h))
            }
            Err(PutError::Db(e)) => Err(internal(e)),
            Err(e) => Err(bad_input(e.to_string())),
        }
    }
}
