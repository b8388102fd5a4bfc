@echo off
rem Double-cliquez ce fichier, pose dans le dossier du SPASER, pour ecrire le bilan.
rem Adaptez le chemin de spaser.exe a votre poste.
cd /d "%~dp0"
"C:\Outils\spaser\spaser.exe" bilan .
pause
