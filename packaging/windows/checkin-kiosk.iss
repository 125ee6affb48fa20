; Inno Setup script for Checkin Kiosk on Windows 10/11 (x64).
;
; Build on Windows, from the repository root, after the PyInstaller bundle:
;   py -m pip install -e ".[test]"
;   py -m PyInstaller --noconfirm packaging\kiosk.spec           (-> dist\kiosk\)
;   iscc /DMyAppVersion=0.1.0 packaging\windows\checkin-kiosk.iss  (-> dist\installer\)
; MyAppVersion must be kiosk.__version__ (kiosk/__init__.py); packaging\windows\build.ps1
; does all three steps and passes it.
;
; Kept consistent with packaging/kiosk.spec: the bundle folder is dist\kiosk, holding
; kiosk.exe (console: every command, the central server) and checkin-kiosk.exe (windowed:
; opens the registration desk on the user's replica when started without arguments).

#ifndef MyAppVersion
  #error Pass the version: iscc /DMyAppVersion=X.Y.Z packaging\windows\checkin-kiosk.iss
#endif
#define MyAppName "Checkin Kiosk"
#define MyAppPublisher "checkin-kiosk contributors"
#define BundleDir "..\..\dist\kiosk"

[Setup]
; A fixed AppId lets upgrades replace the previous version in place.
AppId={{5B0D6C1E-3F7A-4C1B-9D4E-7A2C8F0E6B31}
AppName={#MyAppName}
AppVersion={#MyAppVersion}
AppPublisher={#MyAppPublisher}
DefaultDirName={autopf}\Checkin Kiosk
DefaultGroupName={#MyAppName}
DisableProgramGroupPage=yes
OutputDir=..\..\dist\installer
OutputBaseFilename=checkin-kiosk-{#MyAppVersion}-setup
SetupIconFile=..\icons\checkin-kiosk.ico
UninstallDisplayIcon={app}\checkin-kiosk.exe
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
; Per-machine install (kiosks are shared machines); the replica stays per user in
; %LOCALAPPDATA%\checkin-kiosk, so upgrades and uninstalls never touch check-ins.
PrivilegesRequired=admin
; The desktop icon and the kiosk autostart belong to the user who installs (a kiosk PC's
; single account); the replica path is resolved per user at run time by checkin-kiosk.exe.
UsedUserAreasWarning=no
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
; Indonesian is not among Inno Setup's bundled translations; the app itself follows the
; system language (English/Indonesian) whatever the installer spoke.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "kioskautostart"; Description: "Start the full-screen entrance kiosk when this user logs in"; GroupDescription: "Entrance kiosk:"; Flags: unchecked
Name: "centralfirewall"; Description: "Allow kiosks on this network to reach a central list run on this PC (port 8421)"; GroupDescription: "Central list:"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#MyAppName}"; Filename: "{app}\checkin-kiosk.exe"; Comment: "Registration desk: scan, search, walk-ins, badges"
Name: "{group}\{#MyAppName} (entrance kiosk)"; Filename: "{app}\checkin-kiosk.exe"; Parameters: "run --mode kiosk"
Name: "{group}\Checkin Kiosk self-check"; Filename: "{cmd}"; Parameters: "/k ""{app}\kiosk.exe"" selfcheck"
Name: "{autodesktop}\{#MyAppName}"; Filename: "{app}\checkin-kiosk.exe"; Tasks: desktopicon
Name: "{userstartup}\{#MyAppName} kiosk"; Filename: "{app}\checkin-kiosk.exe"; Parameters: "run --mode kiosk"; Tasks: kioskautostart

[Run]
Filename: "{sys}\netsh.exe"; Parameters: "advfirewall firewall add rule name=""Checkin Kiosk central list"" dir=in action=allow protocol=TCP localport=8421 profile=private"; Flags: runhidden; Tasks: centralfirewall
Filename: "{app}\checkin-kiosk.exe"; Description: "{cm:LaunchProgram,{#MyAppName}}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
Filename: "{sys}\netsh.exe"; Parameters: "advfirewall firewall delete rule name=""Checkin Kiosk central list"""; Flags: runhidden; RunOnceId: "DelFirewallRule"

[Messages]
; Windows asks nothing when an app opens the camera; it is simply refused when the privacy
; switch is off. Say so where people look.
FinishedLabel=Setup has installed [name] on your computer.%n%nCamera: Windows must allow desktop apps to use the camera (Settings > Privacy & security > Camera > "Let desktop apps access your camera"). Run "Checkin Kiosk self-check" from the Start menu to test this installation.
