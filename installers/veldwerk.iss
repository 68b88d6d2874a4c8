; Inno Setup 6 script: a per-user Windows installer around the PyInstaller bundle.
; Build on Windows (see installers/README.md, "Windows"):
;   pyinstaller --noconfirm installers\veldwerk.spec
;   iscc /DAppVersion=0.1.0 installers\veldwerk.iss
; Result: dist\veldwerk-setup-<version>.exe. Installs into %LOCALAPPDATA%\Programs\Veldwerk
; without administrator rights, adds a start-menu entry, and registers an uninstaller that
; removes the program only: the encrypted vault in %LOCALAPPDATA%\Veldwerk\Veldwerk stays, and
; the uninstaller says where it is.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
; A fixed id: upgrades replace the installed version instead of installing beside it.
AppId={{6C1B7E2A-4F7D-4E0B-9B54-0D2F3A9E5C11}
AppName=Veldwerk
AppVersion={#AppVersion}
AppVerName=Veldwerk {#AppVersion}
AppPublisher=Veldwerk
DefaultDirName={autopf}\Veldwerk
DefaultGroupName=Veldwerk
DisableProgramGroupPage=yes
; Per user: no administrator rights, installed under %LOCALAPPDATA%\Programs (the vault is
; per user too). Needs Inno Setup 6.3 or newer (x64compatible).
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=veldwerk-setup-{#AppVersion}
SetupIconFile=icons\veldwerk.ico
UninstallDisplayIcon={app}\veldwerk.exe
UninstallDisplayName=Veldwerk
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "dutch"; MessagesFile: "compiler:Languages\Dutch.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
dutch.VaultKept=Veldwerk is verwijderd. Je versleutelde kluis is NIET verwijderd; die staat in:%n%n%1%n%nWil je ook de gegevens weg, verwijder dan die map zelf (na overleg met je organisatie: de gegevens moeten mogelijk eerst gesynchroniseerd worden).
english.VaultKept=Veldwerk has been removed. Your encrypted vault has NOT been removed; it is in:%n%n%1%n%nTo remove the data too, delete that folder yourself (ask your organisation first: the data may need to be synchronised).

[Files]
Source: "..\dist\veldwerk\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion

[Icons]
Name: "{group}\Veldwerk"; Filename: "{app}\veldwerk.exe"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,Veldwerk}"; Filename: "{uninstallexe}"

[Run]
Filename: "{app}\veldwerk.exe"; Description: "{cm:LaunchProgram,Veldwerk}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program itself made next to it; never the data folder.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"

[Code]
{ The vault's folder: platformdirs' user_data_dir("Veldwerk", "Veldwerk") on Windows, unless
  VELDWERK_DATA_DIR points elsewhere (desktop/paths.py). }
function VaultFolder(): String;
begin
  Result := GetEnv('VELDWERK_DATA_DIR');
  if Result = '' then
    Result := ExpandConstant('{localappdata}\Veldwerk\Veldwerk');
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DirExists(VaultFolder()) then
    MsgBox(FmtMessage(CustomMessage('VaultKept'), [VaultFolder()]), mbInformation, MB_OK);
end;
