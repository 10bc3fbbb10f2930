; Inno Setup 6 script: a per-user installer for the one-folder PyInstaller build.
;   iscc /DAppVersion=0.1.0 packaging\windows\indiamart-desktop.iss
; (packaging/build.sh runs this on Windows after PyInstaller; it needs dist\indiamart-desktop
; and build\icons\app.ico.) No administrator rights: installs into
; %LOCALAPPDATA%\Programs. The uninstaller removes the program only: the seller's leads,
; settings and logs in %LOCALAPPDATA%\IndiaMART Lead Desktop stay, and the CRM key stays in
; Windows Credential Manager.

#define AppName "IndiaMART Lead Desktop"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppExe "indiamart-desktop.exe"
#define DataFolder "IndiaMART Lead Desktop"

[Setup]
AppId={{E12E2C43-A1B4-4DF1-B6BD-0BCCAEB7C2F8}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=IndiaMART Lead Desktop team
VersionInfoVersion={#AppVersion}
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
OutputDir=..\..\dist
OutputBaseFilename=IndiaMART-Lead-Desktop-{#AppVersion}-setup
SetupIconFile=..\..\build\icons\app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "autostart"; Description: "Start {#AppName} in the tray when I sign in to Windows"; GroupDescription: "Start-up:"; Flags: unchecked

[Files]
Source: "..\..\dist\indiamart-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{group}\{#AppName} - Try the demo"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"; WorkingDir: "{app}"; Comment: "Look around with made-up leads; your own data is not touched"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon
Name: "{userstartup}\{#AppName}"; Filename: "{app}\{#AppExe}"; Parameters: "--minimized"; WorkingDir: "{app}"; Tasks: autostart

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
; Stop a running copy (it lives in the tray) so its files can be removed.
Filename: "{sys}\taskkill.exe"; Parameters: "/f /im {#AppExe}"; Flags: runhidden; RunOnceId: "StopApp"

[UninstallDelete]
; Only the program folder: the data folder is deliberately not listed.
Type: filesandordirs; Name: "{app}"

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
  begin
    DataDir := ExpandConstant('{localappdata}\{#DataFolder}');
    if DirExists(DataDir) then
      MsgBox('{#AppName} has been removed. Your leads, settings and logs are kept in ' +
             DataDir + ', so reinstalling brings them back. Delete that folder yourself ' +
             'if you no longer need them.', mbInformation, MB_OK);
  end;
end;
