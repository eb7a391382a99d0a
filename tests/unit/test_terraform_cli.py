"""Finding terraform and a provider mirror, and the CLI configuration written for them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import hcl2
import pytest

from modules import terraform_cli
from modules.terraform_cli import (
    AWS_PROVIDER,
    MirrorInvalid,
    Terraform,
    TerraformFailed,
    TerraformNotFound,
    cli_config_text,
    find_provider_mirror,
    find_terraform,
    is_provider_mirror,
    prepare,
)

TARGET = "linux_amd64"


def make_mirror(directory: Path, target: str = TARGET, packed: bool = False) -> Path:
    """Create a filesystem mirror of the AWS provider under directory and return directory."""
    provider = directory / AWS_PROVIDER
    if packed:
        provider.mkdir(parents=True)
        (provider / f"terraform-provider-aws_5.100.0_{target}.zip").write_bytes(b"PK")
    else:
        binary_dir = provider / "5.100.0" / target
        binary_dir.mkdir(parents=True)
        (binary_dir / "terraform-provider-aws_v5.100.0_x5").write_bytes(b"")
    return directory


def make_fake_terraform(bin_dir: Path, script: str) -> Path:
    """Write an executable named terraform into bin_dir that runs script (sh)."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    binary = bin_dir / "terraform"
    binary.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return binary


@pytest.mark.parametrize(
    ("packed", "target", "expected"),
    [(False, TARGET, True), (True, TARGET, True), (False, "darwin_arm64", False)],
    ids=["unpacked-layout", "packed-layout", "other-platform-only"],
)
def test_a_mirror_must_hold_the_provider_for_this_platform(
    tmp_path: Path, packed: bool, target: str, expected: bool
) -> None:
    make_mirror(tmp_path / "mirror", target=target, packed=packed)
    assert is_provider_mirror(tmp_path / "mirror", TARGET) is expected


def test_a_folder_without_the_provider_tree_is_no_mirror(tmp_path: Path) -> None:
    (tmp_path / "registry.terraform.io" / "hashicorp" / "random").mkdir(parents=True)
    assert not is_provider_mirror(tmp_path, TARGET)


def test_the_environment_variable_names_the_mirror_first(tmp_path: Path) -> None:
    chosen = make_mirror(tmp_path / "chosen")
    make_mirror(tmp_path / "home" / ".terraform.d" / "plugins")
    found = find_provider_mirror(
        {"TF_PROVIDER_MIRROR": str(chosen)}, home=tmp_path / "home", target=TARGET
    )
    assert found == chosen


def test_an_empty_environment_variable_turns_the_search_off(tmp_path: Path) -> None:
    make_mirror(tmp_path / "home" / ".terraform.d" / "plugins")
    found = find_provider_mirror({"TF_PROVIDER_MIRROR": ""}, home=tmp_path / "home", target=TARGET)
    assert found is None


def test_an_environment_variable_without_the_provider_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(MirrorInvalid, match=r"holds no registry\.terraform\.io/hashicorp/aws"):
        find_provider_mirror({"TF_PROVIDER_MIRROR": str(tmp_path)}, target=TARGET)


@pytest.mark.parametrize(
    "plugins",
    [".terraform.d/plugins", ".local/share/terraform/plugins"],
    ids=["terraform.d", "xdg-data-home"],
)
def test_terraforms_own_plugin_folders_are_searched(tmp_path: Path, plugins: str) -> None:
    home = tmp_path / "home"
    make_mirror(home / plugins)
    empty_root = tmp_path / "root"
    empty_root.mkdir()
    found = find_provider_mirror(
        {"XDG_DATA_DIRS": str(tmp_path / "none")},
        home=home,
        filesystem_root=empty_root,
        target=TARGET,
    )
    assert found == home / plugins


def test_a_bounded_walk_finds_a_mirror_two_levels_below_a_top_folder(tmp_path: Path) -> None:
    root = tmp_path / "root"
    make_mirror(root / "opt" / "tools" / "tf-plugins")
    (root / "usr" / "share").mkdir(parents=True)
    found = find_provider_mirror(
        {"XDG_DATA_DIRS": str(tmp_path / "none")},
        home=tmp_path / "home",
        filesystem_root=root,
        target=TARGET,
    )
    assert found == root / "opt" / "tools" / "tf-plugins"


@pytest.mark.parametrize(
    "location",
    ["opt/a/b/c/tf-plugins", "opt/.terraform/providers", "tmp/tf-plugins", "proc/tf-plugins"],
    ids=["too-deep", "hidden-folder", "scratch-space", "virtual-file-system"],
)
def test_the_walk_stays_out_of_deep_hidden_and_scratch_folders(
    tmp_path: Path, location: str
) -> None:
    root = tmp_path / "root"
    make_mirror(root / location)
    found = find_provider_mirror(
        {"XDG_DATA_DIRS": str(tmp_path / "none")},
        home=tmp_path / "home",
        filesystem_root=root,
        target=TARGET,
    )
    assert found is None


def test_the_cli_config_installs_aws_from_the_mirror_and_the_rest_directly(
    tmp_path: Path,
) -> None:
    parsed = hcl2.loads(cli_config_text(tmp_path / "mirror dir"))
    installation = parsed["provider_installation"][0]
    mirror = installation["filesystem_mirror"][0]
    assert mirror["path"].strip('"') == str(tmp_path / "mirror dir")
    assert [item.strip('"') for item in mirror["include"]] == [AWS_PROVIDER]
    assert [item.strip('"') for item in installation["direct"][0]["exclude"]] == [AWS_PROVIDER]


def test_without_a_mirror_the_cli_config_leaves_the_registry_alone() -> None:
    assert "provider_installation" not in cli_config_text(None)


def test_a_missing_binary_says_how_to_install_terraform(tmp_path: Path) -> None:
    with pytest.raises(TerraformNotFound, match="install Terraform") as raised:
        find_terraform({"PATH": str(tmp_path)})
    assert "instala Terraform 1.10" in raised.value.detail.es


def test_prepare_points_terraform_at_the_mirror_config(tmp_path: Path) -> None:
    make_fake_terraform(tmp_path / "bin", "exit 0")
    mirror = make_mirror(tmp_path / "mirror")
    terraform = prepare(tmp_path / "work", env={"PATH": str(tmp_path / "bin")}, mirror=mirror)
    config = Path(terraform.env["TF_CLI_CONFIG_FILE"])
    assert config.parent == tmp_path / "work"
    assert str(mirror) in config.read_text(encoding="utf-8")
    assert terraform.mirror == mirror
    assert terraform.env["TF_INPUT"] == "0"
    assert terraform.env["TF_IN_AUTOMATION"] == "1"


def test_prepare_replaces_a_cli_config_variable_that_names_a_missing_file(tmp_path: Path) -> None:
    make_fake_terraform(tmp_path / "bin", "exit 0")
    env = {"PATH": str(tmp_path / "bin"), "TF_CLI_CONFIG_FILE": str(tmp_path / "absent.rc")}
    terraform = prepare(tmp_path / "work", env=env, mirror=None)
    config = Path(terraform.env["TF_CLI_CONFIG_FILE"])
    assert config.is_file()
    assert "provider_installation" not in config.read_text(encoding="utf-8")


def test_prepare_keeps_the_readers_own_cli_config_when_there_is_no_mirror(
    tmp_path: Path,
) -> None:
    make_fake_terraform(tmp_path / "bin", "exit 0")
    own = tmp_path / "own.rc"
    own.write_text('plugin_cache_dir = "/cache"\n', encoding="utf-8")
    env = {"PATH": str(tmp_path / "bin"), "TF_CLI_CONFIG_FILE": str(own)}
    terraform = prepare(tmp_path / "work", env=env, mirror=None)
    assert terraform.env["TF_CLI_CONFIG_FILE"] == str(own)
    assert not (tmp_path / "work").exists()


def test_a_failing_command_raises_with_its_error_output(tmp_path: Path) -> None:
    binary = make_fake_terraform(tmp_path / "bin", 'echo "Error: no backend" >&2; exit 3')
    terraform = Terraform(binary=binary, env={"PATH": os.environ["PATH"]})
    with pytest.raises(TerraformFailed, match="no backend") as raised:
        terraform.run("plan", cwd=tmp_path)
    assert raised.value.returncode == 3


def test_runs_get_the_data_dir_and_extra_variables(tmp_path: Path) -> None:
    binary = make_fake_terraform(tmp_path / "bin", 'echo "$TF_DATA_DIR|$AWS_ENDPOINT_URL|$1"')
    terraform = Terraform(binary=binary, env={"PATH": os.environ["PATH"]})
    result = terraform.run(
        "init",
        cwd=tmp_path,
        data_dir=tmp_path / "data",
        extra_env={"AWS_ENDPOINT_URL": "http://127.0.0.1:1"},
    )
    assert result.stdout.strip() == f"{tmp_path / 'data'}|http://127.0.0.1:1|init"


def test_outputs_come_back_as_plain_strings(tmp_path: Path) -> None:
    outputs = '{"api_url": {"value": "https://x/dev"}, "ids": {"value": ["a", "b"]}}'
    binary = make_fake_terraform(tmp_path / "bin", f"echo '{outputs}'")
    terraform = Terraform(binary=binary, env={"PATH": os.environ["PATH"]})
    assert terraform.output_values(tmp_path) == {"api_url": "https://x/dev", "ids": '["a", "b"]'}


def test_the_platform_name_is_terraforms() -> None:
    system, _, machine = terraform_cli.current_platform().partition("_")
    assert system and machine
    assert machine not in {"x86_64", "aarch64"}
