//! The reads every domain shares, on sqlx's `QueryBuilder`: one row by key, rows by
//! keys (DataLoaders), and a filtered, sorted page with its (cached) total.

use std::borrow::Cow;

use read_model::{TableRow, TableSpec};
use sqlx::{Encode, Execute as _, MySql, MySqlPool, QueryBuilder, Type, mysql::MySqlRow};

use super::{Page, cache::cached};

/// A statement being built; every value it binds is owned.
pub(super) type Sql = QueryBuilder<'static, MySql>;

/// A value a statement can bind.
pub(super) trait Bindable: for<'q> Encode<'q, MySql> + Type<MySql> + Send + 'static {}

impl<T: for<'q> Encode<'q, MySql> + Type<MySql> + Send + 'static> Bindable for T {}

/// What the API reads into: a read-model row ([`TableRow`]), or one with computed
/// columns after the table's own.
pub(super) trait Read: for<'r> sqlx::FromRow<'r, MySqlRow> + Send + Unpin + 'static {
    /// The table it is read from.
    const SPEC: &'static TableSpec;
    /// The `SELECT` list its `FromRow` decodes.
    fn select() -> Cow<'static, str>;
}

impl<R: TableRow + 'static> Read for R {
    const SPEC: &'static TableSpec = <R as TableRow>::SPEC;

    fn select() -> Cow<'static, str> {
        Cow::Borrowed(<R as TableRow>::SELECT)
    }
}

/// Pushes the rows of `table` valid at `at` (the current table when `None`) as a SQL
/// source ([`TableSpec::source`], its placeholders bound here).
pub(super) fn push_source(qb: &mut Sql, table: &TableSpec, at: Option<u64>) {
    let (sql, binds) = table.source(at);
    for (i, part) in sql.split('?').enumerate() {
        if let Some(b) = i.checked_sub(1).map(|j| binds[j]) {
            qb.push_bind(b);
        }
        qb.push(part);
    }
}

/// `SELECT <R's columns> FROM <R's table as of at>`.
pub(super) fn select<R: Read>(at: Option<u64>) -> Sql {
    let mut qb = QueryBuilder::new(format!("SELECT {} FROM ", R::select()));
    push_source(&mut qb, R::SPEC, at);
    qb
}

/// One row by its key column, as of `at`.
pub(super) async fn one<R: Read>(
    pool: &MySqlPool,
    key_col: &str,
    key: impl Bindable,
    at: Option<u64>,
) -> Result<Option<R>, sqlx::Error> {
    let mut qb = select::<R>(at);
    qb.push(format_args!(" WHERE {key_col} = ")).push_bind(key);
    qb.build_query_as().fetch_optional(pool).await
}

/// Current rows whose key column is one of `keys` (DataLoaders), in no particular order.
pub(super) async fn by_keys<R: Read, K: Bindable + Clone>(
    pool: &MySqlPool,
    key_col: &str,
    keys: &[K],
) -> Result<Vec<R>, sqlx::Error> {
    if keys.is_empty() {
        return Ok(vec![]);
    }
    let mut qb = select::<R>(None);
    qb.push(format_args!(" WHERE {key_col} IN ("));
    push_list(&mut qb, keys);
    qb.push(")");
    qb.build_query_as().fetch_all(pool).await
}

/// Binds `values`, comma-separated.
pub(super) fn push_list<K: Bindable + Clone>(qb: &mut Sql, values: &[K]) {
    let mut list = qb.separated(", ");
    for v in values {
        list.push_bind(v.clone());
    }
}

/// How a page is cut: its source's index hint, its filter, its order and its slice.
pub(super) struct List<'a, F> {
    /// As of which block (`None`: now).
    pub at: Option<u64>,
    /// Appended to the source (an index hint), or empty.
    pub hint: &'a str,
    /// Pushes `AND …` conditions (after `WHERE 1 = 1`).
    pub filter: F,
    /// The `ORDER BY` list.
    pub order: &'a str,
    /// (offset, limit).
    pub slice: (u64, u64),
}

/// A sorted, filtered page and the total it was cut from (the total is [`cached`]
/// per statement and bound values).
pub(super) async fn page<R: Read, F: Fn(&mut Sql)>(
    pool: &MySqlPool,
    list: List<'_, F>,
) -> Result<Page<R>, sqlx::Error> {
    let from_where = |qb: &mut Sql| {
        push_source(qb, R::SPEC, list.at);
        // The source is `t` either way (a time-travel source is already), so ORDER BY can
        // name the table's column rather than the SELECT list's text cast of it.
        if list.at.is_none() {
            qb.push(" AS t");
        }
        qb.push(list.hint).push(" WHERE 1 = 1");
        (list.filter)(qb);
    };
    let (offset, limit) = list.slice;
    let mut rows = QueryBuilder::new(format!("SELECT {} FROM ", R::select()));
    from_where(&mut rows);
    rows.push(format_args!(" ORDER BY {} LIMIT ", list.order))
        .push_bind(limit)
        .push(" OFFSET ")
        .push_bind(offset);
    let rows = rows.build_query_as().fetch_all(pool).await?;
    let mut count = QueryBuilder::new("SELECT COUNT(*) FROM ");
    from_where(&mut count);
    let total = cached_count(pool, count).await?;
    Ok(Page { rows, total })
}

/// Runs a `SELECT COUNT(*)`, kept per generation under its SQL and bound values.
async fn cached_count(pool: &MySqlPool, mut qb: Sql) -> Result<i64, sqlx::Error> {
    let sql = qb.sql().to_owned();
    let args = qb
        .build()
        .take_arguments()
        .map_err(sqlx::Error::Encode)?
        .unwrap_or_default();
    let key = format!("{sql}|{args:?}");
    cached(pool, &key, async {
        sqlx::query_scalar_with(&sql, args.clone())
            .fetch_one(pool)
            .await
    })
    .await
}

/// `AND …` conditions of a list's filter.
pub(super) trait Filter {
    /// A fixed condition.
    fn and(&mut self, cond: &str) -> &mut Self;
    /// `col = ?` when `v` is given.
    fn eq(&mut self, col: &str, v: Option<impl Bindable>) -> &mut Self;
    /// `col op ?` (a range bound) when `v` is given.
    fn cmp(&mut self, col: &str, op: &str, v: Option<u64>) -> &mut Self;
    /// `col IN (…)` when `values` is not empty.
    fn any_of<K: Bindable + Clone>(&mut self, col: &str, values: &[K]) -> &mut Self;
    /// Case-insensitive (for ASCII) "contains" on a text column, when `text` is given.
    fn contains(&mut self, col: &str, text: Option<&str>) -> &mut Self;
}

impl Filter for Sql {
    fn and(&mut self, cond: &str) -> &mut Self {
        self.push(" AND ").push(cond)
    }

    fn eq(&mut self, col: &str, v: Option<impl Bindable>) -> &mut Self {
        if let Some(v) = v {
            self.push(format_args!(" AND {col} = ")).push_bind(v);
        }
        self
    }

    fn cmp(&mut self, col: &str, op: &str, v: Option<u64>) -> &mut Self {
        if let Some(v) = v {
            self.push(format_args!(" AND {col} {op} ")).push_bind(v);
        }
        self
    }

    fn any_of<K: Bindable + Clone>(&mut self, col: &str, values: &[K]) -> &mut Self {
        if !values.is_empty() {
            self.push(format_args!(" AND {col} IN ("));
            push_list(self, values);
            self.push(")");
        }
        self
    }

    fn contains(&mut self, col: &str, text: Option<&str>) -> &mut Self {
        if let Some(t) = text {
            self.push(format_args!(" AND LOWER(CAST({col} AS CHAR)) LIKE LOWER("))
                .push_bind(format!("%{}%", escape_like(t)))
                .push(")");
        }
        self
    }
}

pub(super) fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// `ORDER BY` a key of [`page`]'s source `t`, ties broken by the id in the same direction.
/// Qualified, because an unqualified name in ORDER BY means the SELECT list's column of
/// that name first, and the SELECT list reads DECIMAL amounts as text
/// (`CAST(task_price AS CHAR) AS task_price`): 0.1 ETH sorted below 0.015 ETH.
pub(super) fn order_by(col: &str, id_col: &str, descending: bool) -> String {
    let dir = if descending { "DESC" } else { "ASC" };
    if col == id_col {
        format!("t.`{id_col}` {dir}")
    } else {
        format!("t.`{col}` {dir}, t.`{id_col}` {dir}")
    }
}
