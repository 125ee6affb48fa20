"""Indonesian translations, kept as a table and written into kiosk_id.ts.

    /work/venv/bin/pyside6-lupdate kiosk/gui/*.py kiosk/gui/ui/*.py \
        -ts resources/translations/kiosk_id.ts -target-language id_ID -no-obsolete
    python resources/translations/fill_id.py          # fills translations from ID below
    /work/venv/bin/pyside6-lrelease resources/translations/kiosk_id.ts

A source text missing from the table is reported and left unfinished (the test
tests/gui/test_gui_translations.py fails until it is translated). Translators may also
edit kiosk_id.ts with Qt Linguist; this table wins for the texts it holds.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ID: dict[str, str] = {
    # verdict screen: what to do (shown in capitals, the largest text), then what
    # happened and why
    "Go in": "Silakan masuk",
    "Go to {where}": "Silakan menuju {where}",
    "Please see the desk": "Silakan ke meja registrasi",
    "Show your ticket's QR code": "Tunjukkan kode QR tiket Anda",
    # the same refusals at the desk, for its staff (core.roles.desk_advice): what they
    # can do, never "see the desk"
    "Let in again if they went out": "Izinkan masuk lagi bila tadi keluar",
    "Send them to {where}": "Arahkan ke {where}",
    "Check in anyway only if approved": "Tetap check-in hanya jika disetujui",
    "Search for them by name": "Cari peserta berdasarkan nama",
    "No exit to record": "Tidak bisa dicatat keluar",
    "Ask the organisers": "Tanyakan kepada panitia",
    "Scan the ticket's QR code": "Pindai kode QR tiketnya",
    "It is in the ticket e-mail or on the printout.": "Ada di e-mail tiket atau cetakannya.",
    "Goodbye": "Sampai jumpa",
    "Exit recorded": "Anda tercatat keluar",
    "See you soon.": "Sampai bertemu lagi.",
    "Valid ticket": "Tiket berlaku",
    "Valid ticket issued after the last sync.":
        "Tiket berlaku (diterbitkan setelah sinkronisasi terakhir).",
    "Welcome!": "Selamat datang!",
    "Welcome back!": "Selamat datang kembali!",
    "Re-entry recorded.": "Masuk kembali tercatat.",
    "You are checked in": "Anda sudah check-in",
    "Checked in here at {time}.": "Sudah check-in di sini pukul {time}.",
    "Checked in at {gate}, {time}, by {device}.":
        "Sudah check-in di {gate} pukul {time}, lewat {device}.",
    "This ticket was already used today.": "Tiket ini sudah dipakai hari ini.",
    "Already checked in": "Sudah check-in",
    "Not checked in": "Belum check-in",
    "No entry is recorded for this ticket here today, so there is no exit to record.":
        "Tiket ini belum tercatat masuk di sini hari ini, jadi tidak bisa dicatat keluar.",
    "This ticket is for another event.": "Tiket ini untuk acara lain.",
    "This ticket is not valid at {gate}.": "Tiket ini tidak berlaku di {gate}.",
    "Wrong entrance": "Salah pintu masuk",
    "This ticket is not valid today. Valid on: {days}.":
        "Tiket ini tidak berlaku hari ini. Berlaku pada: {days}.",
    "This ticket is not valid on any day of this event.":
        "Tiket ini tidak berlaku pada hari mana pun selama acara ini.",
    "Not valid today": "Tidak berlaku hari ini",
    "This ticket is not valid today. Valid from {start} to {end}.":
        "Tiket ini tidak berlaku hari ini. Berlaku dari {start} sampai {end}.",
    "This ticket is not valid today. Valid from {start}.":
        "Tiket ini tidak berlaku hari ini. Berlaku mulai {start}.",
    "This ticket is not valid today. Valid until {end}.":
        "Tiket ini tidak berlaku hari ini. Berlaku sampai {end}.",
    "{gate} is not open today.": "{gate} tidak buka hari ini.",
    "{gate} is not open today. It is open on: {days}.":
        "{gate} tidak buka hari ini. Buka pada: {days}.",
    "Entrance closed today": "Pintu masuk tutup hari ini",
    "The event is not on today. Event days: {days}.":
        "Acara tidak berlangsung hari ini. Hari acara: {days}.",
    "Ticket revoked": "Tiket dicabut",
    "Registration cancelled": "Pendaftaran dibatalkan",
    "Not paid": "Belum dibayar",
    "The order for this ticket has not been paid.":
        "Pesanan untuk tiket ini belum dibayar.",
    "not paid": "belum dibayar",
    "Ticket not found": "Tiket tidak ditemukan",
    "This code is not on the attendee list.": "Kode ini tidak ada di daftar peserta.",
    "Invalid ticket": "Tiket tidak sah",
    "This ticket could not be verified.": "Tiket ini tidak dapat diverifikasi.",
    "That is not a ticket": "Ini bukan tiket",
    "From your ticket e-mail or printout.": "Dari e-mail tiket atau cetakan tiket Anda.",
    "Shown again": "Dipindai lagi",
    # settings: what the kiosk records, grace, verdict durations
    "Kiosk records": "Kios mencatat",
    "Entry": "Masuk",
    "Exit": "Keluar",
    "Entry and exit": "Masuk dan keluar",
    "Entry and exit: someone inside is let out where the gate allows re-entry; anyone "
    "else is let in.":
        "Masuk dan keluar: orang yang sudah di dalam dicatat keluar jika pintu ini "
        "mengizinkan masuk kembali; selain itu dicatat masuk.",
    "grace": "toleransi",
    "A ticket shown again this soon after this kiosk let it in is told to go in, not to "
    "see the desk (0: never).":
        "Tiket yang dipindai lagi dalam waktu ini setelah masuk lewat kios ini diminta "
        "langsung masuk, bukan ke meja registrasi (0: tidak pernah).",
    "Verdict shown": "Hasil tampil selama",
    "problems": "masalah",
    "Accepted": "Diterima",
    "Re-entry": "Masuk kembali",
    "Cancelled": "Dibatalkan",
    # controller, badges
    "The scan could not be recorded: please try again, or see the desk.":
        "Hasil pindai tidak dapat disimpan: silakan coba lagi, atau ke meja registrasi.",
    "The check-in could not be recorded: please try again.":
        "Check-in tidak dapat disimpan: silakan coba lagi.",
    "The printer could not be started.": "Printer tidak dapat dijalankan.",
    # desk
    "Registration desk": "Meja registrasi",
    "Search name, e-mail, organisation or code": "Cari nama, e-mail, instansi, atau kode",
    "Register a walk-in…": "Pendaftaran di tempat…",
    "E-mail": "E-mail",
    "Organisation": "Instansi",
    "Ticket type": "Jenis tiket",
    "Code": "Kode",
    "Status": "Status",
    "Hand over": "Perlu diserahkan",
    "Today": "Hari ini",
    "Badge": "Tanda pengenal",
    "Check in": "Check-in",
    "Check out": "Check-out",
    "Undo last check-in": "Batalkan check-in terakhir",
    "Print badge…": "Cetak tanda pengenal…",
    "Attendee": "Peserta",
    "Gate": "Pintu",
    "Checked in today": "Sudah check-in hari ini",
    "Today per gate": "Hari ini per pintu",
    "No camera": "Tidak ada kamera",
    "The camera is not available. Retrying…": "Kamera tidak tersedia. Mencoba lagi…",
    "No camera picture": "Tidak ada gambar kamera",
    "cancelled": "dibatalkan",
    "Search or scan to find an attendee": "Cari atau pindai untuk menemukan peserta",
    "Valid": "Berlaku",
    "{time} in {gate}": "masuk {time} di {gate}",
    "{time} out at {gate}": "keluar {time} di {gate}",
    "Not checked in yet": "Belum check-in",
    "Printed {n}×, last at {time} by {desk}": "Dicetak {n}×, terakhir pukul {time} di {desk}",
    "this desk": "meja ini",
    "another desk": "meja lain",
    "Reprint badge…": "Cetak ulang tanda pengenal…",
    "Not printed yet": "Belum dicetak",
    "Cannot undo: {reason}": "Tidak dapat dibatalkan: {reason}",
    "that check-in does not exist.": "check-in itu tidak ada.",
    "an undo cannot be undone; check the person in again.":
        "pembatalan tidak bisa dibatalkan; check-in-kan lagi orangnya.",
    "that check-in was already undone.": "check-in itu sudah dibatalkan.",
    "it is {age} s old, and the undo window is {limit} s.":
        "sudah {age} detik berlalu, sedangkan batasnya {limit} detik.",
    "Check-in of {name} undone.": "Check-in {name} dibatalkan.",
    "The walk-in could not be registered: {reason}":
        "Pendaftaran di tempat gagal: {reason}",
    "The badge could not be printed: {reason}": "Tanda pengenal tidak dapat dicetak: {reason}",
    "Reprint badge?": "Cetak ulang tanda pengenal?",
    "Print again": "Cetak lagi",
    # the badge printer, asked once (kiosk/gui/printer_dialog.py)
    "Print": "Cetak",
    "Which printer prints the badges? The next badges go to the same one.":
        "Cetak tanda pengenal di printer mana? Tanda pengenal berikutnya akan dicetak di "
        "printer yang sama.",
    "This computer has no printer set up. Set one up (or ask the organiser), then print "
    "again.":
        "Komputer ini belum punya printer. Pasang printer dulu (atau minta bantuan "
        "panitia), lalu cetak lagi.",
    "Do not print": "Jangan dicetak",
    # kiosk
    "Check-in kiosk": "Kios check-in",
    "Hold the QR code of your ticket up to the camera": "Arahkan kode QR tiket Anda ke kamera",
    # the camera sees a code it cannot read yet
    "Code seen — hold still": "Kode terlihat — tahan, jangan digerakkan",
    "Leaving? Hold the QR code of your ticket up to the camera":
        "Mau keluar? Arahkan kode QR tiket Anda ke kamera",
    "Staff": "Petugas",
    "No camera: scan with the barcode scanner.":
        "Tidak ada kamera: pakai pemindai barcode.",
    "The camera is not available. Retrying… Scanning with the barcode scanner still works.":
        "Kamera tidak tersedia. Mencoba lagi… Pemindai barcode tetap dapat dipakai.",
    # dialogs
    "Staff only": "Khusus petugas",
    "Enter the staff PIN": "Masukkan PIN petugas",
    "Unlock": "Buka kunci",
    "Cancel": "Batal",
    "Wrong PIN.": "PIN salah.",
    "Staff menu": "Menu petugas",
    "Settings…": "Pengaturan…",
    "Leave full screen": "Keluar dari layar penuh",
    "Full screen": "Layar penuh",
    "Quit the kiosk": "Tutup aplikasi kios",
    "Back to scanning": "Kembali ke pemindaian",
    "Register a walk-in": "Pendaftaran di tempat",
    "Check in now": "Check-in sekarang",
    "Name": "Nama",
    "Notes": "Catatan",
    "Register": "Daftarkan",
    "A walk-in needs a name.": "Nama peserta wajib diisi.",
    "Walk-in registered": "Pendaftaran di tempat berhasil",
    "{name} is registered and checked in.": "{name} sudah terdaftar dan sudah check-in.",
    "{name} is registered.": "{name} sudah terdaftar.",
    "This is their ticket: let them photograph the QR code, or print their badge.":
        "Ini tiketnya: minta peserta memotret kode QR ini, atau cetak tanda pengenalnya.",
    "The central list is issuing their ticket code: it appears here as soon as this "
    "desk has synced (offline: when it is back online).":
        "Server pusat sedang menerbitkan kode tiketnya. Kode akan muncul di sini begitu "
        "meja ini selesai sinkronisasi (jika sedang offline: setelah tersambung lagi).",
    "Done": "Selesai",
    # settings
    "Kiosk settings": "Pengaturan kios",
    "Self-service kiosk": "Kios mandiri",
    "Follow the system": "Ikuti sistem",
    "Play a sound with each verdict": "Bunyikan suara setiap ada hasil pindai",
    "Code shown by the central list": "Kode yang tampil di server pusat",
    "Leave empty to keep the current PIN": "Kosongkan jika PIN tidak diganti",
    "Camera": "Kamera",
    "Mode": "Mode",
    "Language": "Bahasa",
    "Central list": "Server pusat",
    "Pairing code": "Kode penautan",
    "New staff PIN": "PIN petugas baru",
    "New PIN again": "Ulangi PIN baru",
    "Save": "Simpan",
    "Camera, mode and language apply after a restart.":
        "Perubahan kamera, mode, dan bahasa berlaku setelah aplikasi dimulai ulang.",
    "The two PINs differ.": "Kedua PIN berbeda.",
    "The PIN must be {low} to {high} digits.": "PIN harus {low} sampai {high} angka.",
    "Camera: type the camera's number (0, 1, …), a video file or a camera's address.":
        "Kamera: ketik nomor kamera (0, 1, …), file video, atau alamat kamera.",
    # staff PIN: keypad and a lockout that persists (issue 11 item 12)
    "Erase the last digit": "Hapus angka terakhir",
    # the on-screen keyboard of the settings' text fields (kiosk/gui/ui/keyboard.py)
    "Erase the last character": "Hapus karakter terakhir",
    "Capital letters": "Huruf kapital",
    "Space": "Spasi",
    "Hide the keyboard": "Sembunyikan keyboard",
    "OK": "OK",
    "Wrong PIN. One more wrong PIN locks it for {m} minutes.":
        "PIN salah. Sekali lagi salah, PIN dikunci selama {m} menit.",
    "Wrong PIN. {n} more wrong PINs lock it for {m} minutes.":
        "PIN salah. {n} kali lagi salah, PIN dikunci selama {m} menit.",
    "Too many wrong PINs. Try again in 1 minute.":
        "Terlalu banyak PIN salah. Coba lagi dalam 1 menit.",
    "Too many wrong PINs. Try again in {n} minutes.":
        "Terlalu banyak PIN salah. Coba lagi dalam {n} menit.",
    # settings: the pairing shown, pairing by camera, plain pairing errors
    "Pairing": "Penautan",
    "This device": "Perangkat ini",
    "Staff PIN": "PIN petugas",
    "Pair anyway": "Tetap tautkan",
    "Event": "Acara",
    "Paired as": "Tertaut sebagai",
    "Device name": "Nama perangkat",
    "Last sync": "Sinkronisasi terakhir",
    "Central list address": "Alamat server pusat",
    "Show the pairing code to the camera": "Tunjukkan kode penautan ke kamera",
    "Hold the pairing QR code up to the camera: the one on the Devices page of the "
    "organisers' console, or pretix's device QR code.":
        "Arahkan kode QR penautan ke kamera: kode dari halaman Perangkat di konsol "
        "panitia, atau kode QR perangkat dari pretix.",
    "Stop": "Berhenti",
    "Pair with another central list, or again": "Tautkan ke server pusat lain, atau ulangi",
    "pretix did not accept this device QR code: it was already used, or the device was "
    "removed. Create a new device in pretix and show its QR code again.":
        "pretix menolak kode QR perangkat ini: kode itu sudah dipakai, atau perangkatnya "
        "sudah dihapus. Buat perangkat baru di pretix, lalu tunjukkan lagi kode QR-nya.",
    "The central list did not accept this pairing code: it is wrong, already used or "
    "expired. Ask the organiser for a new one (Devices page of the console).":
        "Server pusat menolak kode penautan ini: kodenya salah, sudah dipakai, atau sudah "
        "kedaluwarsa. Mintalah kode baru kepada panitia (halaman Perangkat di konsol).",
    "The venue's Wi-Fi asks for a login first. Log in with a web browser on this "
    "network, then pair again.":
        "Wi-Fi di tempat ini meminta login terlebih dahulu. Login lewat peramban web di "
        "jaringan ini, lalu coba tautkan lagi.",
    "Cannot reach {url}. Check the address and the network (Wi-Fi or cable), then try "
    "again.":
        "Tidak dapat menghubungi {url}. Periksa alamatnya dan jaringannya (Wi-Fi atau "
        "kabel), lalu coba lagi.",
    "The server at {url} is not the central list this pairing code is for (its "
    "certificate is different). Nothing was sent. Check the address, or ask the "
    "organiser for a new pairing QR code.":
        "Server di {url} bukan server pusat yang dimaksud kode penautan ini (sertifikatnya "
        "berbeda). Tidak ada data yang dikirim. Periksa alamatnya, atau mintalah kode QR "
        "penautan baru kepada panitia.",
    "Something answered at {url}, but it is not a central list of this check-in system. "
    "Check the address.":
        "Ada yang menjawab di {url}, tetapi itu bukan server pusat sistem check-in ini. "
        "Periksa alamatnya.",
    # what failed, by the error's class (kiosk/gui/error_words.py)
    "This device's data file is not an attendee list. Please tell the organiser.":
        "Berkas data di perangkat ini bukan daftar peserta. Mohon beri tahu panitia.",
    "The attendee list on this device is busy (another program is using it). Try again "
    "in a moment.":
        "Daftar peserta di perangkat ini sedang dipakai program lain. Coba lagi sebentar "
        "lagi.",
    "This device's disk is full, so nothing was saved. Please tell the organiser.":
        "Disk perangkat ini penuh, jadi tidak ada yang tersimpan. Mohon beri tahu panitia.",
    "The attendee list on this device is damaged. It is being rebuilt: try again in a "
    "moment, or tell the organiser.":
        "Daftar peserta di perangkat ini rusak dan sedang dipulihkan. Coba lagi sebentar "
        "lagi, atau beri tahu panitia.",
    "This device could not read or write its disk. Please tell the organiser.":
        "Perangkat ini gagal membaca atau menulis ke disknya. Mohon beri tahu panitia.",
    "This device cannot write to its disk (it is read-only), so nothing was saved. "
    "Please tell the organiser.":
        "Perangkat ini tidak dapat menulis ke disknya (disknya hanya-baca), jadi tidak ada "
        "yang tersimpan. Mohon beri tahu panitia.",
    "This clashes with something already saved here, so it was not saved. Try again.":
        "Ini bentrok dengan data yang sudah tersimpan di sini, jadi tidak disimpan. Coba "
        "lagi.",
    "The attendee list on this device could not be read or written. Please tell the "
    "organiser.":
        "Daftar peserta di perangkat ini tidak dapat dibaca atau ditulis. Mohon beri tahu "
        "panitia.",
    "This device has no event yet: pair it with the central list (Settings) first.":
        "Perangkat ini belum punya acara: tautkan dulu ke server pusat (Pengaturan).",
    "The printer could not be started. Check that it is switched on and connected.":
        "Printer tidak dapat dijalankan. Pastikan printernya menyala dan tersambung.",
    "A badge was already printed at {time}.": "Tanda pengenal sudah dicetak pukul {time}.",
    "This device is not paired with a central list.":
        "Perangkat ini belum tertaut ke server pusat.",
    "This device holds other data, so it was not paired.":
        "Perangkat ini menyimpan data lain, jadi tidak ditautkan.",
    "The server no longer accepts this device: pair it again (Settings).":
        "Server tidak lagi menerima perangkat ini: tautkan ulang (Pengaturan).",
    "The venue's Wi-Fi asks for a login first: log in with a web browser on this "
    "network.":
        "Wi-Fi di tempat ini meminta login terlebih dahulu: login lewat peramban web di "
        "jaringan ini.",
    "The server cannot be reached: check the network (Wi-Fi or cable). Check-ins are "
    "kept here and sent later.":
        "Server tidak dapat dihubungi: periksa jaringannya (Wi-Fi atau kabel). Data "
        "check-in tetap tersimpan di sini dan dikirim nanti.",
    "The server answering is not the one this device was paired with (its certificate "
    "is different). Nothing was sent. Pair again if the organiser replaced it.":
        "Server yang menjawab bukan server yang ditautkan dengan perangkat ini "
        "(sertifikatnya berbeda). Tidak ada data yang dikirim. Tautkan ulang jika panitia "
        "memang menggantinya.",
    "Something answered at the server's address, but it is not the server this device "
    "was paired with. Check the network, or tell the organiser.":
        "Ada yang menjawab di alamat server, tetapi itu bukan server yang ditautkan dengan "
        "perangkat ini. Periksa jaringannya, atau beri tahu panitia.",
    "The central list was restored from a backup: this device sends it everything "
    "again.":
        "Server pusat dipulihkan dari cadangan: perangkat ini mengirim ulang semua datanya.",
    "The server sends no live updates: this device asks it for changes every few "
    "seconds.":
        "Server tidak mengirim pembaruan langsung: perangkat ini menanyakan perubahan "
        "setiap beberapa detik.",
    "The server answered something this device does not understand. Please tell the "
    "organiser: an update may be needed.":
        "Jawaban server tidak dimengerti perangkat ini. Mohon beri tahu panitia: mungkin "
        "perlu pembaruan.",
    "Syncing failed (the details are in the log).":
        "Sinkronisasi gagal (rinciannya ada di log).",
    "A setting of this device is wrong (the details are in the log). Please tell the "
    "organiser.":
        "Ada pengaturan perangkat ini yang salah (rinciannya ada di log). Mohon beri tahu "
        "panitia.",
    "An unexpected problem (the details are in the log). Please tell the organiser.":
        "Terjadi masalah yang tidak terduga (rinciannya ada di log). Mohon beri tahu "
        "panitia.",
    # the pretix step of pairing: the event and check-in list (kiosk/gui/pretix_choice.py)
    "Choose this kiosk's event and check-in list":
        "Pilih acara dan daftar check-in untuk kios ini",
    "This pretix device may check in at more than one event or check-in list. The kiosk "
    "downloads the event chosen here, and the check-in list becomes its gate.":
        "Perangkat pretix ini boleh melakukan check-in di lebih dari satu acara atau daftar "
        "check-in. Kios akan mengunduh acara yang dipilih di sini, dan daftar check-in "
        "tersebut menjadi pintunya.",
    "Use this event and check-in list": "Pakai acara dan daftar check-in ini",
    "Check-in list": "Daftar check-in",
    "(this event has no check-in list)": "(acara ini tidak punya daftar check-in)",
    "Choose the pretix event and check-in list": "Pilih acara dan daftar check-in pretix",
    "This pretix device may not check in at any event. Give it an event in pretix, then "
    "choose again.":
        "Perangkat pretix ini belum boleh melakukan check-in di acara mana pun. Berikan "
        "acara untuknya di pretix, lalu pilih lagi.",
    "Asking pretix for the events of this device…":
        "Menanyakan acara perangkat ini kepada pretix…",
    "Saving the choice…": "Menyimpan pilihan…",
    "pretix no longer offers this event or check-in list to this device. Choose again.":
        "pretix tidak lagi menawarkan acara atau daftar check-in ini untuk perangkat ini. "
        "Silakan pilih lagi.",
    "pretix refused this device: it was removed or revoked. Create a new device in pretix "
    "and show its QR code.":
        "pretix menolak perangkat ini: perangkatnya sudah dihapus atau dicabut. Buat "
        "perangkat baru di pretix, lalu tunjukkan kode QR-nya.",
    "Cannot reach pretix. Check the network (Wi-Fi or cable), then try again.":
        "Tidak dapat menghubungi pretix. Periksa jaringannya (Wi-Fi atau kabel), lalu coba "
        "lagi.",
    "pretix did not say which event and check-in list this device is for. Choose them "
    "for the device in pretix, then show its QR code again.":
        "pretix tidak menyebutkan acara dan daftar check-in untuk perangkat ini. Pilih "
        "keduanya untuk perangkat ini di pretix, lalu tunjukkan lagi kode QR-nya.",
    "This device could not store the pairing on its own disk, so it is not paired. "
    "Please tell the organiser.":
        "Perangkat ini tidak dapat menyimpan penautan di disknya sendiri, jadi belum "
        "tertaut. Mohon beri tahu panitia.",
    "Pairing failed because of an unexpected problem (the details are in the log). "
    "Please tell the organiser.":
        "Penautan gagal karena masalah yang tidak terduga (rinciannya ada di log). Mohon "
        "beri tahu panitia.",
    "Type the pairing code, or show the pairing QR code to the camera.":
        "Ketik kode penautan, atau tunjukkan kode QR penautan ke kamera.",
    "This is not a pairing code. A pairing code looks like ABCD-EF23; the organiser "
    "makes one on the Devices page of the console.":
        "Ini bukan kode penautan. Kode penautan berbentuk seperti ABCD-EF23; panitia "
        "membuatnya di halaman Perangkat di konsol.",
    "This QR code is not a pairing code. Show the QR code from the Devices page of the "
    "console, or pretix's device QR code.":
        "Kode QR ini bukan kode penautan. Tunjukkan kode QR dari halaman Perangkat di "
        "konsol, atau kode QR perangkat dari pretix.",
    "Type the central list's address too (for example http://10.0.0.5:8421), or show "
    "the pairing QR code to the camera: it holds the address.":
        "Ketik juga alamat server pusat (misalnya http://10.0.0.5:8421), atau tunjukkan "
        "kode QR penautan ke kamera: alamatnya ada di dalam kode itu.",
    "This is not the address of a central list. It looks like http://10.0.0.5:8421 or "
    "https://checkin.example.org#3f2a-9c01-77be-4410.":
        "Ini bukan alamat server pusat. Alamatnya berbentuk seperti http://10.0.0.5:8421 "
        "atau https://checkin.example.org#3f2a-9c01-77be-4410.",
    "An https address also needs the central list's certificate fingerprint (after #). "
    "Show the pairing QR code to the camera: it holds both.":
        "Alamat https juga memerlukan sidik jari sertifikat server pusat (setelah tanda #). "
        "Tunjukkan kode QR penautan ke kamera: keduanya ada di dalam kode itu.",
    "This pretix QR code is newer than this kiosk understands. Please tell the "
    "organiser: the kiosk software needs an update.":
        "Kode QR pretix ini lebih baru daripada yang dapat dibaca kios ini. Mohon beri tahu "
        "panitia: perangkat lunak kios perlu diperbarui.",
    "This device is paired with another central list ({url}), and its check-ins belong "
    "there. Press “Pair anyway” only if that list is no longer used: its check-ins will "
    "then go to the new list too.":
        "Perangkat ini tertaut ke server pusat lain ({url}), dan data check-in-nya milik "
        "server itu. Tekan “Tetap tautkan” hanya jika server itu sudah tidak dipakai: data "
        "check-in-nya lalu ikut dikirim ke server yang baru.",
    "This device holds a list of its own ({people} people, {checkins} check-ins). "
    "Pairing would add them to the central list. Press “Pair anyway” only if they "
    "belong there; otherwise ask the organiser to set this device up afresh.":
        "Perangkat ini menyimpan daftarnya sendiri ({people} orang, {checkins} check-in). "
        "Jika ditautkan, semuanya akan masuk ke server pusat. Tekan “Tetap tautkan” hanya "
        "jika memang seharusnya ada di sana; jika tidak, minta panitia menyiapkan ulang "
        "perangkat ini.",
    "Not paired (this device works on its own)":
        "Belum tertaut (perangkat ini bekerja sendiri)",
    "pretix at {url}": "pretix di {url}",
    "Not downloaded yet": "Belum diunduh",
    "Not chosen yet": "Belum dipilih",
    "pretix device": "Perangkat pretix",
    "Unknown": "Tidak diketahui",
    "the central list will refuse walk-ins from this desk: ask the organiser for a desk "
    "pairing code":
        "server pusat akan menolak pendaftaran di tempat dari meja ini: mintalah kode "
        "penautan untuk meja registrasi kepada panitia",
    "today at {time}": "hari ini pukul {time}",
    "Pairing with pretix…": "Menautkan ke pretix…",
    "The camera is not available. Type the pairing code instead.":
        "Kamera tidak tersedia. Silakan ketik kode penautan.",
    "This kiosk is not set up yet. Staff: open the staff menu (⚙) and pair it with the "
    "central list in the settings.":
        "Kios ini belum disiapkan. Petugas: buka menu petugas (⚙), lalu tautkan kios ini "
        "ke server pusat di pengaturan.",
    # status bar
    "● Online": "● Daring",
    "○ Offline": "○ Luring",
    "⚠ Not paired: pair again": "⚠ Belum tertaut: tautkan lagi",
    "○ Not connected to a central list": "○ Tidak terhubung ke server pusat",
    "Waiting to upload: {n}": "Menunggu diunggah: {n}",
    "Pairing with the central list…": "Menautkan ke server pusat…",
    "⚠ Refused by the central list: {n} (see the desk)":
        "⚠ Ditolak server pusat: {n} (silakan ke meja registrasi)",
    "⚠ Refused by the central list: {n} (the organisers see them)":
        "⚠ Ditolak server pusat: {n} (terlihat oleh panitia)",
    "never": "belum pernah",
    "Last sync: {when}": "Sinkronisasi terakhir: {when}",
    "Downloading the list: {done} of {total}": "Mengunduh daftar peserta: {done} dari {total}",
    "Checked in: {checked} of {total}": "Sudah check-in: {checked} dari {total}",
    # desk: the person shown is the person acted on (issue 11)
    "Scan received: it is decided when the open window is closed ({n} waiting).":
        "Hasil pindai diterima: diproses setelah jendela yang terbuka ditutup ({n} "
        "menunggu).",
    "Nobody found for “{text}”.": "Tidak ada yang cocok dengan “{text}”.",
    "More than {n} found: type more to narrow the search.":
        "Lebih dari {n} hasil: ketik lebih lengkap untuk mempersempit pencarian.",
    "Found: {n}": "Ditemukan: {n}",
    "not checked in": "belum check-in",
    "✓ in since {time}": "✓ masuk sejak {time}",
    "went out at {time}": "keluar pukul {time}",
    "Print badge": "Cetak tanda pengenal",
    "Check in {name}": "Check-in {name}",
    "Check out {name}": "Check-out {name}",
    "Print badge for {name}": "Cetak tanda pengenal {name}",
    "Reprint badge for {name}": "Cetak ulang tanda pengenal {name}",
    "A badge for {name} was already printed at {time} by {desk}. Print another one?":
        "Tanda pengenal {name} sudah dicetak pukul {time} di {desk}. Cetak lagi?",
    "Undo check-in of {name}": "Batalkan check-in {name}",
    "{name} is not checked in: nothing to check out.":
        "{name} belum check-in, jadi tidak bisa check-out.",
    "Print the badge of {name}": "Cetak tanda pengenal {name}",
    "{field}: a word of more than {n} letters is not a name. "
    "Was a ticket scanned into the form?":
        "{field}: kata lebih dari {n} huruf bukan nama. Apakah tiket terpindai ke formulir?",
    "Issued by the central list at the next sync":
        "Diterbitkan oleh server pusat saat sinkronisasi berikutnya",
    "Ticket code": "Kode tiket",
    "Already on the list — is this the same person?":
        "Sudah ada di daftar — apakah ini orang yang sama?",
    "This is the same person: use their ticket": "Orang yang sama: pakai tiketnya",
    "Register as a new person": "Daftarkan sebagai orang baru",
    "T-shirt size": "Ukuran kaos",
    "Diet": "Pantangan makanan",
    "Accessibility": "Kebutuhan aksesibilitas",
    "Stand-alone": "Tanpa server pusat",
    "{n} waiting": "{n} belum diunggah",
    # desk: scan history and today's figures
    "From": "Pukul",
    "Arrivals": "Kedatangan",
    "Per gate": "Per pintu",
    "Per ticket type": "Per jenis tiket",
    "Arrivals per 15 minutes": "Kedatangan per 15 menit",
    "Inside now: {n}": "Di dalam sekarang: {n}",
    "(none)": "(tanpa jenis)",
    "Check-out of {name} undone.": "Check-out {name} dibatalkan.",
    "Scan history": "Riwayat pindai",
    "Time": "Waktu",
    "Person": "Peserta",
    "Verdict": "Hasil",
    "Source": "Sumber",
    "camera": "kamera",
    "scanner": "pemindai",
    "desk": "meja",
    "Checked out": "Check-out",
    "Undo {name}": "Batalkan {name}",
    "The badge printer “{name}” is not available: choose another one.":
        "Printer tanda pengenal “{name}” tidak tersedia. Pilih printer lain.",

    # surviving the venue (issue 13): Wi-Fi login, full disk, damaged replica
    "⚠ Offline: Wi-Fi needs a login": "⚠ Luring: Wi-Fi perlu login",
    "⚠ Not encrypted (plain HTTP)": "⚠ Tidak terenkripsi (HTTP biasa)",
    "This kiosk talks to the central list over plain HTTP: anyone on this network can read "
    "its token and the attendee list. Ask the organiser to run the central list with HTTPS "
    "and pair the kiosk again.":
        "Kios ini terhubung ke server pusat lewat HTTP biasa: siapa pun di jaringan ini "
        "bisa membaca tokennya dan daftar peserta. Minta panitia menjalankan server "
        "pusat dengan HTTPS, lalu tautkan ulang kios ini.",
    "This kiosk cannot record check-ins: its disk is full or read-only. "
    "Please use the registration desk or a neighbouring kiosk.":
        "Kios ini tidak bisa mencatat check-in: disknya penuh atau hanya bisa dibaca. "
        "Silakan ke meja registrasi atau kios sebelah.",
    "Replica rebuilt without its attendee list (no backup and no central list): tickets "
    "cannot be checked here. Please use the registration desk. Staff: import the "
    "attendee list again; no check-in was lost.":
        "Data kios dipulihkan tanpa daftar peserta (tidak ada cadangan dan tidak ada "
        "server pusat): tiket belum bisa diperiksa di sini. Silakan ke meja registrasi. "
        "Petugas: impor lagi daftar pesertanya; tidak ada check-in yang hilang.",
    "Replica rebuilt without its attendee list (no backup and no central list): import "
    "the attendee list again. No check-in was lost.":
        "Data meja ini dipulihkan tanpa daftar peserta (tidak ada cadangan dan tidak ada "
        "server pusat): impor lagi daftar pesertanya. Tidak ada check-in yang hilang.",
    "This kiosk is not taking tickets right now: please use the registration desk.":
        "Kios ini sedang tidak menerima tiket: silakan ke meja registrasi.",
    # the same, at a desk (its staff are the registration desk)
    "This desk cannot record check-ins: its disk is full or read-only. Use a kiosk or "
    "another desk, and free some space.":
        "Meja ini tidak bisa mencatat check-in: disknya penuh atau hanya bisa dibaca. "
        "Gunakan kios atau meja registrasi lain, lalu kosongkan sebagian ruang disk.",
    "This desk's gate ({gate}) was moved to another event or removed by the organisers, "
    "so nothing was recorded. Choose this desk's gate again in the settings.":
        "Pintu meja ini ({gate}) sudah dipindahkan panitia ke acara lain atau dihapus, "
        "jadi tidak ada yang tercatat. Pilih lagi pintu meja ini di Pengaturan.",
    "The scan could not be recorded: please try again.":
        "Hasil pindai tidak dapat disimpan: silakan coba lagi.",
    "Replica damaged — rebuilding. Scans are not recorded meanwhile: use a kiosk or "
    "another desk.":
        "Data meja ini rusak — sedang dipulihkan. Sementara ini hasil pindai tidak "
        "dicatat: gunakan kios atau meja registrasi lain.",
    "Replica damaged — cannot rebuild yet (no network and no backup). Scans are not "
    "recorded: use a kiosk or another desk, and bring the network back.":
        "Data meja ini rusak — belum bisa dipulihkan (tidak ada jaringan dan tidak ada "
        "cadangan). Hasil pindai tidak dicatat: gunakan kios atau meja registrasi lain, "
        "dan sambungkan kembali jaringannya.",
    "Replica damaged — the rebuild failed, retrying. Scans are not recorded meanwhile: "
    "use a kiosk or another desk.":
        "Data meja ini rusak — pemulihan gagal, sedang dicoba lagi. Sementara ini hasil "
        "pindai tidak dicatat: gunakan kios atau meja registrasi lain.",
    "This kiosk's gate ({gate}) was moved to another event or removed by the "
    "organisers, so nothing was recorded. Please use the registration desk. "
    "Staff: choose this kiosk's gate again in the settings.":
        "Pintu kios ini ({gate}) sudah dipindahkan panitia ke acara lain atau dihapus, "
        "jadi tidak ada yang tercatat. Silakan ke meja registrasi. Petugas: pilih lagi "
        "pintu kios ini di Pengaturan.",
    "Replica damaged — rebuilding. Please use the registration desk or a "
    "neighbouring kiosk.":
        "Data kios rusak — sedang dipulihkan. Silakan ke meja registrasi atau kios sebelah.",
    "Replica damaged — cannot rebuild yet (no network and no backup). "
    "Please use the registration desk or a neighbouring kiosk.":
        "Data kios rusak — belum bisa dipulihkan (tidak ada jaringan dan tidak ada "
        "cadangan). Silakan ke meja registrasi atau kios sebelah.",
    "Replica damaged — the rebuild failed, retrying. Please use the registration "
    "desk or a neighbouring kiosk.":
        "Data kios rusak — pemulihan gagal, sedang dicoba lagi. Silakan ke meja "
        "registrasi atau kios sebelah.",
    "Staff: this kiosk's clock says {today}, outside the event's days ({first} to "
    "{last}). Set the clock, or connect to the central list to correct it.":
        "Untuk petugas: jam kios ini menunjukkan {today}, di luar hari acara ({first} "
        "sampai {last}). Atur jamnya, atau sambungkan ke server pusat agar dikoreksi.",
    "Staff: this kiosk's clock is wrong: it says {today}, earlier than times it has "
    "already recorded. Tickets are checked for the nearest event day they are valid on "
    "({first} to {last}). Set the clock, or connect to the central list to correct it.":
        "Untuk petugas: jam kios ini salah: menunjukkan {today}, lebih awal dari waktu "
        "yang sudah tercatat. Tiket diperiksa untuk hari acara terdekat saat tiket itu "
        "berlaku ({first} sampai {last}). Atur jamnya, atau sambungkan ke server pusat "
        "agar dikoreksi.",
    # the desk's override ("Check in anyway", kiosk/gui/override_dialog.py)
    "Checked in anyway": "Tetap di-check-in",
    "Override recorded: {reason}": "Pengecualian dicatat: {reason}",
    "Override": "Pengecualian",
    # what failed, by the error's class (kiosk/gui/error_words.py)
    "The override was not recorded: it needs a reason of one line, at most {limit} "
    "characters.":
        "Pengecualian tidak dicatat: alasannya wajib diisi, satu baris, paling banyak "
        "{limit} karakter.",
    "The override was not recorded: this person's ticket changed meanwhile, and only "
    "the organisers can lift this refusal. Look them up again.":
        "Pengecualian tidak dicatat: tiket orang ini baru saja berubah, dan penolakan "
        "ini hanya bisa dicabut oleh panitia. Cari lagi orangnya.",
    "The override was not recorded: the rules do not allow it here.":
        "Pengecualian tidak dicatat: aturan tidak mengizinkannya di sini.",
    "This person is no longer on the attendee list (the organisers removed them "
    "meanwhile), so nothing was recorded. Look them up again.":
        "Orang ini sudah tidak ada di daftar peserta (baru saja dihapus oleh panitia), "
        "jadi tidak ada yang dicatat. Cari lagi orangnya.",
    "Check in anyway…": "Tetap check-in…",
    "Check in {name} anyway…": "Tetap check-in {name}…",
    "Check in {name} anyway": "Tetap check-in {name}",
    "Check in anyway": "Tetap check-in",
    # overruling "already checked in" (core.roles.override_readmits): a second entry
    "Let {name} in again…": "Izinkan {name} masuk lagi…",
    "Let {name} in again": "Izinkan {name} masuk lagi",
    "Let in again": "Izinkan masuk lagi",
    "Allowed in again": "Diizinkan masuk lagi",
    "Refused: {why}": "Ditolak: {why}",
    "Choose a reason…": "Pilih alasan…",
    "Approved by the organisers": "Sudah disetujui panitia",
    "Ticket type changed after registration": "Jenis tiket diganti setelah pendaftaran",
    "Speaker, sponsor or crew": "Pembicara, sponsor, atau kru",
    "Went out without scanning out": "Tadi keluar tanpa scan keluar",
    "Other (write the reason)": "Lainnya (tulis alasannya)",
    "Who approved it, what was checked": "Siapa yang menyetujui, apa yang sudah dicek",
    "Reason": "Alasan",
    "Note": "Keterangan",
    "Choose a reason for the override.": "Pilih alasan pengecualiannya.",
    "Write the reason in the note.": "Tulis alasannya di kolom keterangan.",
    "The reason is too long: at most {n} characters.":
        "Alasannya terlalu panjang: maksimal {n} karakter.",
}


#: Qt's own words in the widgets we use (context -> source -> translation): Qt ships no
#: Indonesian qtbase translation (no qtbase_id.qm in PySide6 or Debian), so the text
#: fields' context menus, the spin boxes' and the standard dialog buttons would be
#: English in the Indonesian UI. These contexts are added to kiosk_id.ts after lupdate
#: (lupdate does not see Qt's sources) and compiled into the same .qm; Qt's widgets ask
#: the installed translator by these contexts. (When a qtbase_id.qm exists,
#: kiosk/gui/i18n.py loads it too; these stay the words we chose.)
_EDIT_MENU = {  # a text field's right-click menu (one line, or several)
    "&Undo": "&Urungkan",
    "&Redo": "&Ulangi",
    "Cu&t": "Po&tong",
    "&Copy": "&Salin",
    "&Paste": "&Tempel",
    "Delete": "Hapus",
    "Select All": "Pilih semua",
}
QT: dict[str, dict[str, str]] = {
    "QLineEdit": _EDIT_MENU,
    "QWidgetTextControl": {**_EDIT_MENU, "Copy &Link Location": "Salin &alamat tautan"},
    "QAbstractSpinBox": {
        "&Select All": "&Pilih semua",
        "&Step up": "&Naikkan",
        "Step &down": "&Turunkan",
    },
    "QPlatformTheme": {
        "OK": "OK",
        "Save": "Simpan",
        "Save All": "Simpan semua",
        "Open": "Buka",
        "&Yes": "&Ya",
        "Yes to &All": "Ya untuk &semua",
        "&No": "&Tidak",
        "N&o to All": "T&idak untuk semua",
        "Abort": "Batalkan",
        "Retry": "Coba lagi",
        "Ignore": "Abaikan",
        "Close": "Tutup",
        "Cancel": "Batal",
        "Discard": "Buang",
        "Help": "Bantuan",
        "Apply": "Terapkan",
        "Reset": "Atur ulang",
        "Restore Defaults": "Kembalikan ke bawaan",
        "Don't Save": "Jangan simpan",
        "Close without Saving": "Tutup tanpa menyimpan",
    },
    "QMessageBox": {
        "Show Details...": "Tampilkan rincian...",
        "Hide Details...": "Sembunyikan rincian...",
    },
}


def add_qt_contexts(root: ET.Element) -> None:
    """Put :data:`QT`'s contexts into the .ts tree (replacing any earlier copy)."""
    for context in list(root.iter("context")):
        if (context.findtext("name") or "") in QT:
            root.remove(context)
    def child(parent: ET.Element, tag: str, text: str | None, tail: str) -> ET.Element:
        element = ET.SubElement(parent, tag)
        element.text, element.tail = text, tail
        return element

    for name, messages in QT.items():  # laid out as lupdate lays out its own
        context = child(root, "context", "\n    ", "\n")
        child(context, "name", name, "\n    ")
        for source, text in messages.items():
            message = child(context, "message", "\n        ", "\n    ")
            child(message, "source", source, "\n        ")
            child(message, "translation", text, "\n    ")
        message.tail = "\n"


def fill(ts_path: Path) -> list[str]:
    """Write translations into ``ts_path``; returns the source texts still missing."""
    tree = ET.parse(ts_path)
    add_qt_contexts(tree.getroot())
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        if source in ID:
            translation.text = ID[source]
            translation.attrib.pop("type", None)
        elif translation.get("type") == "unfinished" or not translation.text:
            missing.append(source)
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return missing


if __name__ == "__main__":
    path = Path(__file__).resolve().parent / "kiosk_id.ts"
    left = fill(path)
    for text in left:
        print(f"untranslated: {text!r}", file=sys.stderr)
    sys.exit(1 if left else 0)
