//! `guard-baseline`: a fixed amount of the two kinds of work a backfill is made of, timed
//! on this machine now, so the indexer's regression guard (`scripts/bench/indexer-guard`)
//! can judge its events/s as a ratio to it instead of against an absolute time:
//!
//! - **CPU**: hashing and hex formatting (keccak256 of 1 KiB, 40,000 times, each digest
//!   written as 0x hex), the shape of the indexer's own work;
//! - **database**: into a scratch database, 20,000 rows of a read-model-shaped table (a
//!   primary key, two secondary keys, an address and a title) in 40 multi-row `INSERT`s
//!   sent as text, then 10,000 of them updated with `ON DUPLICATE KEY UPDATE`, as a batch
//!   flush does.
//!
//! Each part runs `--rounds` times; the fastest round counts (what the machine can do
//! when nothing else runs). Prints JSON: `{"cpuSeconds", "dbSeconds", "seconds"}`.

use alloy::primitives::keccak256;
use clap::Parser;
use eyre::Context;
use sqlx::{Connection, Executor, MySqlConnection};
use std::{fmt::Write as _, time::Instant};

/// Times a fixed CPU and database workload (the guard's yardstick).
#[derive(Debug, Parser)]
#[command(name = "guard-baseline")]
struct Args {
    /// The MySQL server, without a database (`mysql://root@127.0.0.1:3306`).
    #[arg(
        long,
        env = "BENCH_MYSQL",
        default_value = "mysql://root@127.0.0.1:3306"
    )]
    mysql: String,
    /// Rounds of each part; the fastest counts.
    #[arg(long, default_value_t = 3)]
    rounds: u32,
}

fn cpu_round() -> f64 {
    let started = Instant::now();
    let mut data = vec![0u8; 1024];
    let mut out = String::with_capacity(70);
    for i in 0..40_000u32 {
        data[..4].copy_from_slice(&i.to_le_bytes());
        let digest = keccak256(&data);
        out.clear();
        write!(out, "{digest:#x}").expect("writing to a String");
        data[4] ^= out.as_bytes()[2];
    }
    started.elapsed().as_secs_f64()
}

async fn db_round(conn: &mut MySqlConnection) -> eyre::Result<f64> {
    conn.execute(
        "CREATE TABLE guard_t (id BIGINT UNSIGNED NOT NULL, account CHAR(42) NOT NULL, \
         title VARCHAR(100) NOT NULL, n BIGINT UNSIGNED NOT NULL, PRIMARY KEY (id), \
         KEY ix_account (account), KEY ix_n (n)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
    )
    .await?;
    let started = Instant::now();
    let row = |sql: &mut String, id: u64, n: u64| {
        let account = format!("{:#042x}", id.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let title = format!("攻略 guide {id} 第{n}期");
        let hex: String = title.bytes().map(|b| format!("{b:02x}")).collect();
        write!(sql, "({id}, '{account}', X'{hex}', {n})").expect("writing to a String");
    };
    for chunk in 0..40u64 {
        let mut sql = String::from("INSERT INTO guard_t (id, account, title, n) VALUES ");
        for i in 0..500 {
            if i > 0 {
                sql.push_str(", ");
            }
            row(&mut sql, chunk * 500 + i, i);
        }
        conn.execute(sqlx::raw_sql(&sql)).await?;
    }
    for chunk in 0..20u64 {
        let mut sql = String::from("INSERT INTO guard_t (id, account, title, n) VALUES ");
        for i in 0..500 {
            if i > 0 {
                sql.push_str(", ");
            }
            row(&mut sql, chunk * 1_000 + i * 2, i + 7);
        }
        sql.push_str(" ON DUPLICATE KEY UPDATE title = VALUES(title), n = VALUES(n)");
        conn.execute(sqlx::raw_sql(&sql)).await?;
    }
    let secs = started.elapsed().as_secs_f64();
    conn.execute("DROP TABLE guard_t").await?;
    Ok(secs)
}

#[tokio::main]
async fn main() -> eyre::Result<()> {
    let args = Args::parse();
    let db = format!("guard_baseline_{}", std::process::id());
    let mut server = MySqlConnection::connect(&args.mysql)
        .await
        .wrap_err_with(|| format!("connecting to {}", args.mysql))?;
    server
        .execute(format!("CREATE DATABASE `{db}`").as_str())
        .await?;
    let result = async {
        let mut conn =
            MySqlConnection::connect(&format!("{}/{db}", args.mysql.trim_end_matches('/'))).await?;
        let (mut cpu, mut dbs) = (f64::MAX, f64::MAX);
        for _ in 0..args.rounds.max(1) {
            cpu = cpu.min(cpu_round());
            dbs = dbs.min(db_round(&mut conn).await?);
        }
        eyre::Ok((cpu, dbs))
    }
    .await;
    server
        .execute(format!("DROP DATABASE IF EXISTS `{db}`").as_str())
        .await?;
    let (cpu, dbs) = result?;
    println!(
        "{}",
        serde_json::json!({ "cpuSeconds": cpu, "dbSeconds": dbs, "seconds": cpu + dbs })
    );
    Ok(())
}
