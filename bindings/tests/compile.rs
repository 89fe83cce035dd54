//! Compiles `contracts/src` with foundry-compilers through `scripts/solc` (solc-js
//! behind the native command line: no compiler is downloaded) using the settings of
//! `foundry.toml`, and checks that the committed bindings in `bindings/abi/` are what
//! the sources compile to. A stale binding fails here.

use bindings::CONTRACT_NAMES;
use foundry_compilers::{
    ProjectBuilder, ProjectPathsConfig,
    artifacts::{
        BytecodeHash, EvmVersion, Remapping, Settings, SettingsMetadata,
        output_selection::OutputSelection,
    },
    solc::{Solc, SolcCompiler, SolcLanguage, SolcSettings},
};
use testkit::tools;

#[test]
fn scripts_solc_reports_a_native_style_version() {
    let solc = Solc::new(tools::solc_path()).expect("scripts/solc --version parses");
    assert_eq!(solc.version.major, 0);
    assert_eq!(solc.version.minor, 8);
}

#[test]
fn committed_bindings_match_a_fresh_compile() {
    let root = tools::repo_root();
    let solc = Solc::new(tools::solc_path()).expect("scripts/solc runs");
    let scratch = std::env::temp_dir().join(format!("bindings-compile-{}", std::process::id()));
    let paths = ProjectPathsConfig::builder()
        .root(&root)
        .sources(root.join("contracts/src"))
        .artifacts(scratch.join("out"))
        .cache(scratch.join("cache/solidity-files-cache.json"))
        .libs([root.join("node_modules")])
        .remappings([Remapping {
            context: None,
            name: "@openzeppelin/contracts/".into(),
            path: format!(
                "{}/",
                root.join("node_modules/@openzeppelin/contracts").display()
            ),
        }])
        .build::<SolcLanguage>()
        .expect("project paths");

    // The settings of foundry.toml's default profile.
    let mut settings = Settings::new(OutputSelection::default_output_selection());
    settings.optimizer.enabled = Some(true);
    settings.optimizer.runs = Some(10_000);
    settings.evm_version = Some(EvmVersion::Cancun);
    settings.metadata = Some(SettingsMetadata::new(BytecodeHash::None, false));
    let project = ProjectBuilder::<SolcCompiler>::default()
        .paths(paths)
        .settings(SolcSettings {
            settings,
            ..Default::default()
        })
        .ephemeral()
        .no_artifacts()
        .build(SolcCompiler::Specific(solc))
        .expect("project");
    let output = project.compile().expect("compiler runs");
    assert!(
        !output.has_compiler_errors(),
        "compile errors: {:?}",
        output.output().errors
    );

    for name in CONTRACT_NAMES {
        let artifact = output
            .find_first(name)
            .unwrap_or_else(|| panic!("{name} was not compiled"));
        let committed: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(root.join(format!("bindings/abi/{name}.json"))).unwrap(),
        )
        .unwrap();
        let fresh_abi = serde_json::to_value(artifact.abi.as_ref().unwrap()).unwrap();
        let committed_abi: alloy::json_abi::JsonAbi =
            serde_json::from_value(committed["abi"].clone()).unwrap();
        assert_eq!(
            serde_json::to_value(&committed_abi).unwrap(),
            fresh_abi,
            "bindings/abi/{name}.json has a stale ABI: run `forge build && scripts/gen-bindings`"
        );
        let fresh_code = artifact
            .bytecode
            .as_ref()
            .and_then(|b| b.bytes())
            .expect("bytecode")
            .to_string();
        assert_eq!(
            committed["bytecode"]["object"].as_str().unwrap(),
            fresh_code,
            "bindings/abi/{name}.json has stale bytecode: run `forge build && scripts/gen-bindings`"
        );
    }
    let _ = std::fs::remove_dir_all(scratch);
}
