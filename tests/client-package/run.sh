#!/usr/bin/env bash
# Packs clients/csharp/RealNameApi.Client and builds a small consumer against the .nupkg alone,
# from a local folder source outside the repository: the package must need nothing else of it
# (no project reference, no Directory.Build.props, no protos). Assumes a Release build of the
# client (tests/run.sh builds the solution first).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
# A version of its own per run, so that NuGet's global cache cannot serve an older build of it.
version="0.0.0-local.$(date +%s).$$"
cleanup() {
  rm -rf "$work" "${NUGET_PACKAGES:-$HOME/.nuget/packages}/realnameapi.client/$version"
}
trap cleanup EXIT

dotnet pack "$repo/clients/csharp/RealNameApi.Client/RealNameApi.Client.csproj" -c Release --no-build -nologo -v q \
  -p:Version="$version" -o "$work/feed" >/dev/null
package="$work/feed/RealNameApi.Client.$version.nupkg"

# What is inside: the assembly with its own generated types, its docs and readme; its
# dependencies are public packages only.
/usr/bin/python3 - "$package" <<'PY'
import re, sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
for required in ("lib/net10.0/RealNameApi.Client.dll", "lib/net10.0/RealNameApi.Client.xml", "README.md"):
    if required not in names:
        sys.exit(f"{required} is missing from the package: {names}")
nuspec = zipfile.ZipFile(sys.argv[1]).read("RealNameApi.Client.nuspec").decode()
dependencies = re.findall(r'<dependency id="([^"]+)"', nuspec)
if any(d.startswith("RealNameApi") for d in dependencies):
    sys.exit(f"the package depends on the repository's own projects: {dependencies}")
print(f"    {sys.argv[1].rsplit('/', 1)[-1]}: {len(names)} files; depends on {', '.join(sorted(dependencies))}")
PY

mkdir -p "$work/consumer"
cat >"$work/consumer/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="local" value="$work/feed" />
  </packageSources>
</configuration>
XML
cat >"$work/consumer/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="RealNameApi.Client" Version="$version" />
  </ItemGroup>
</Project>
XML
cat >"$work/consumer/Program.cs" <<'CS'
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using RealNameApi.Client;
using RealNameApi.Contracts.V1;

var services = new ServiceCollection();
services.AddRealNameApiClient(options => options.Address = new Uri("http://127.0.0.1:5001"));
using var client = RealNameApiClient.Create("http://127.0.0.1:5001");
var request = new DiagnoseRequest { Platform = "dayu", Message = "人脸与公安网照片不一致" };
try
{
    Console.WriteLine((await client.Remediation.DiagnoseAsync(request)).Diagnosis.RuleId);
}
catch (RpcException e)
{
    Console.WriteLine(e.ToRealNameApiError().Code);
}
CS
dotnet build "$work/consumer/Consumer.csproj" -c Release -nologo -v q >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
echo "    a consumer outside the repository built against the package alone"
