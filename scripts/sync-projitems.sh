#!/usr/bin/env bash
# Rewrites the Compile list of the shared firmware core's .projitems from the .cs files on disk.
# The list is explicit (not a wildcard) because that is what Visual Studio's shared-project loader and the
# nanoFramework project system expect; a test fails when the list and the folder disagree.
set -euo pipefail
dir="$(cd "$(dirname "$0")/../firmware/SmartBin.Firmware.Core" && pwd)"
out="$dir/SmartBin.Firmware.Core.projitems"
{
  cat <<'HEAD'
<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup>
    <MSBuildAllProjects Condition="'$(MSBuildVersion)' == '' Or '$(MSBuildVersion)' &lt; '16.0'">$(MSBuildAllProjects);$(MSBuildThisFileFullPath)</MSBuildAllProjects>
    <HasSharedItems>true</HasSharedItems>
    <SharedGUID>6f2b9c1e-4d3a-4b8e-9a51-2c7d0e8f3a14</SharedGUID>
  </PropertyGroup>
  <PropertyGroup Label="Configuration">
    <Import_RootNamespace>SmartBin.Firmware.Core</Import_RootNamespace>
  </PropertyGroup>
  <ItemGroup>
HEAD
  (cd "$dir" && find . -name '*.cs' -not -path './bin/*' -not -path './obj/*' | sed 's|^\./||' | LC_ALL=C sort) |
    while read -r f; do
      printf '    <Compile Include="$(MSBuildThisFileDirectory)%s" />\n' "${f//\//\\}"
    done
  cat <<'TAIL'
  </ItemGroup>
</Project>
TAIL
} > "$out"
echo "wrote $out"
