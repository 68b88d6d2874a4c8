; Inno Setup script for Windows. Build the PyInstaller bundle first (dist\veldwerk\), then:
;   iscc installers\veldwerk.iss
[Setup]
AppName=Veldwerk
AppVersion=0.1.0
AppPublisher=Veldwerk
DefaultDirName={autopf}\Veldwerk
DefaultGroupName=Veldwerk
OutputBaseFilename=veldwerk-setup
PrivilegesRequired=lowest
Compression=lzma2
SolidCompression=yes

[Files]
Source: "..\dist\veldwerk\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Veldwerk"; Filename: "{app}\veldwerk.exe"
