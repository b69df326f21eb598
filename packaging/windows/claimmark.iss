; Inno Setup script: a Windows installer for the one-folder bundle in dist\ClaimMark,
; registering .claimmark project files so a double-click opens them.
;   iscc /DVersion=0.1.0 packaging\windows\claimmark.iss   -> dist\ClaimMark-0.1.0-setup.exe
; Untested on this project's Linux machines: see packaging/README.md.

#ifndef Version
  #define Version "0.0.0"
#endif

[Setup]
AppId={{6F1C3B52-3C1B-4E4B-9F55-2B4E5C0C1A7D}
AppName=ClaimMark
AppVersion={#Version}
AppPublisher=ClaimMark developers
DefaultDirName={autopf}\ClaimMark
DefaultGroupName=ClaimMark
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
LicenseFile=..\..\LICENSE
OutputDir=..\..\dist
OutputBaseFilename=ClaimMark-{#Version}-setup
SetupIconFile=..\build-icons\claimmark.ico
UninstallDisplayIcon={app}\ClaimMark.exe
Compression=lzma2
SolidCompression=yes

[Files]
Source: "..\..\dist\ClaimMark\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\ClaimMark"; Filename: "{app}\ClaimMark.exe"
Name: "{autodesktop}\ClaimMark"; Filename: "{app}\ClaimMark.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; Flags: unchecked

[Registry]
; .claimmark -> ClaimMark.Project, opened by ClaimMark.exe "%1" (per user or per machine, as installed)
Root: HKA; Subkey: "Software\Classes\.claimmark"; ValueType: string; ValueName: ""; ValueData: "ClaimMark.Project"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.claimmark"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-claimmark"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\ClaimMark.Project"; ValueType: string; ValueName: ""; ValueData: "ClaimMark project"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\ClaimMark.Project\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\ClaimMark.exe,0"
Root: HKA; Subkey: "Software\Classes\ClaimMark.Project\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\ClaimMark.exe"" ""%1"""

[Run]
Filename: "{app}\ClaimMark.exe"; Description: "{cm:LaunchProgram,ClaimMark}"; Flags: nowait postinstall skipifsilent
