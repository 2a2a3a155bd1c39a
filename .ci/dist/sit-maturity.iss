; Inno Setup script: a per-user installer for the Windows bundle. No administrator rights: it
; installs into %LOCALAPPDATA%\Programs\SIT Maturity, adds a Start-menu entry, and makes
; .sitreview files open in the app, with the app's icon, for this user only (HKCU).
;
;   iscc /DAppVersion=0.1.0 /DBundleDir=..\..\dist\sit-maturity-0.1.0-windows-x86_64 sit-maturity.iss

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z /DBundleDir=PATH sit-maturity.iss
#endif

[Setup]
AppId={{FFB2085B-C155-4FFD-843E-D6BB39537690}
AppName=SIT Maturity
AppVersion={#AppVersion}
AppVerName=SIT Maturity {#AppVersion}
AppPublisher=SIT Maturity
PrivilegesRequired=lowest
DefaultDirName={autopf}\SIT Maturity
DisableProgramGroupPage=yes
DisableDirPage=auto
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
SetupIconFile=sit-maturity.ico
UninstallDisplayIcon={app}\SIT Maturity.exe
UninstallDisplayName=SIT Maturity
OutputDir={#BundleDir}\..
OutputBaseFilename=sit-maturity-{#AppVersion}-windows-x86_64-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion
Source: "sit-maturity.ico"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\SIT Maturity"; Filename: "{app}\SIT Maturity.exe"

[Registry]
; HKA is HKCU for a per-user install.
Root: HKA; Subkey: "Software\Classes\.sitreview"; ValueType: string; ValueName: ""; ValueData: "SITMaturity.Review"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.sitreview\OpenWithProgids"; ValueType: string; ValueName: "SITMaturity.Review"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\SITMaturity.Review"; ValueType: string; ValueName: ""; ValueData: "SIT Maturity review"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\SITMaturity.Review\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\sit-maturity.ico,0"
Root: HKA; Subkey: "Software\Classes\SITMaturity.Review\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\SIT Maturity.exe"" ""%1"""

[Run]
Filename: "{app}\SIT Maturity.exe"; Description: "Open SIT Maturity"; Flags: nowait postinstall skipifsilent
