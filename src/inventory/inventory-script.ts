// The PowerShell script `uccert inventory script` prints, to run on each Lync / Skype for Business
// server in Windows PowerShell 5.1 or PowerShell 7. It writes one UTF-8 JSON file per server:
// every Get-CsCertificate assignment with its Use as a name (ConvertTo-Json writes the enum as a
// number), thumbprints, dates as ISO 8601 UTC (5.1 writes \/Date(ms)\/ otherwise), and the DER
// of the certificate from Cert:\LocalMachine\My, so nothing is truncated [PS-GET].
// It avoids ConvertTo-Json's depth limit (-Depth 6) and its 5.1 array wrapping (-InputObject).

export const inventoryScript = String.raw`# uccert inventory: what this server's certificates really are (Get-CsCertificate + the DER).
# Run in the Lync / Skype for Business Server Management Shell (Windows PowerShell 5.1) or in
# PowerShell 7, as an administrator, on every Front End, Director, Mediation, Edge and SBA server:
#   .\uccert-inventory.ps1                      writes .\uccert-inventory-<server FQDN>.json
#   .\uccert-inventory.ps1 -OutFile D:\x.json
# Then copy the files back and run: uccert inventory import uccert-inventory-*.json
#Requires -Version 5.1
[CmdletBinding()]
param([string]$OutFile = '')

$ErrorActionPreference = 'Stop'
if (-not (Get-Command -Name Get-CsCertificate -ErrorAction SilentlyContinue)) {
    foreach ($module in @('SkypeForBusiness', 'Lync')) {
        if (Get-Module -ListAvailable -Name $module) { Import-Module -Name $module; break }
    }
}
if (-not (Get-Command -Name Get-CsCertificate -ErrorAction SilentlyContinue)) {
    throw 'Get-CsCertificate is not available: run this in the Lync / Skype for Business Server Management Shell'
}

function ConvertTo-UccertTime([object]$When) {
    if ($null -eq $When) { return $null }
    $time = [datetime]$When
    if ($time -eq [datetime]::MinValue) { return $null }
    return $time.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture)
}

$server = ([System.Net.Dns]::GetHostEntry($env:COMPUTERNAME).HostName).ToLowerInvariant()
if ($OutFile -eq '') { $OutFile = Join-Path -Path (Get-Location).Path -ChildPath ('uccert-inventory-' + $server + '.json') }

$entries = New-Object -TypeName System.Collections.ArrayList
foreach ($assignment in @(Get-CsCertificate)) {
    $rawData = $null
    $stored = Get-Item -LiteralPath ('Cert:\LocalMachine\My\' + $assignment.Thumbprint) -ErrorAction SilentlyContinue
    if ($null -ne $stored) { $rawData = [System.Convert]::ToBase64String($stored.RawData) }
    $names = New-Object -TypeName System.Collections.ArrayList
    foreach ($name in @($assignment.AlternativeNames)) { if ($null -ne $name) { [void]$names.Add([string]$name) } }
    [void]$entries.Add([ordered]@{
        use                = [string]$assignment.Use
        thumbprint         = [string]$assignment.Thumbprint
        effectiveDate      = ConvertTo-UccertTime $assignment.EffectiveDate
        previousThumbprint = [string]$assignment.PreviousThumbprint
        subject            = [string]$assignment.Subject
        issuer             = [string]$assignment.Issuer
        serialNumber       = [string]$assignment.SerialNumber
        notBefore          = ConvertTo-UccertTime $assignment.NotBefore
        notAfter           = ConvertTo-UccertTime $assignment.NotAfter
        alternativeNames   = $names.ToArray()
        rawData            = $rawData
    })
}

$report = [ordered]@{
    uccertInventory = 1
    server          = $server
    collectedAt     = ConvertTo-UccertTime (Get-Date)
    powershell      = $PSVersionTable.PSVersion.ToString()
    certificates    = $entries.ToArray()
}
$json = ConvertTo-Json -InputObject $report -Depth 6
[System.IO.File]::WriteAllText($OutFile, $json, (New-Object -TypeName System.Text.UTF8Encoding -ArgumentList $false))
Write-Host ('uccert: wrote ' + $OutFile + ' (' + $entries.Count + ' assignment(s)); copy it back and run: uccert inventory import ' + (Split-Path -Path $OutFile -Leaf))
`;
