<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="id_ID">
<context>
    <name>Badges</name>
    <message>
        <location filename="../../kiosk/gui/badges.py" line="123" />
        <source>The printer could not be started.</source>
        <translation>Printer tidak dapat dijalankan.</translation>
    </message>
</context>
<context>
    <name>DeskWindow</name>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="58" />
        <source>Registration desk</source>
        <extracomment>The last check-in made here, for undo: (checkin id, attendee name). Asked before a second badge for the same person; returns True to reprint. Where badges go: None asks with the print dialog (any printer, or PDF).</extracomment>
        <translation>Meja registrasi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="61" />
        <source>Search name, e-mail, organisation or code</source>
        <translation>Cari nama, e-mail, instansi, atau kode</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="64" />
        <source>Register a walk-in…</source>
        <translation>Daftarkan peserta langsung…</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="65" />
        <source>Settings…</source>
        <translation>Pengaturan…</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="95" />
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="96" />
        <source>Organisation</source>
        <translation>Instansi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="97" />
        <source>Ticket type</source>
        <translation>Jenis tiket</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="98" />
        <source>Code</source>
        <translation>Kode</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="99" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="100" />
        <source>Hand over</source>
        <translation>Serahkan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="101" />
        <source>Today</source>
        <translation>Hari ini</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="102" />
        <source>Badge</source>
        <translation>Tanda pengenal</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="103" />
        <source>Check in</source>
        <translation>Check-in</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="104" />
        <source>Check out</source>
        <translation>Check-out</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="105" />
        <source>Undo last check-in</source>
        <translation>Batalkan check-in terakhir</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="106" />
        <location filename="../../kiosk/gui/desk_window.py" line="267" />
        <source>Print badge…</source>
        <translation>Cetak tanda pengenal…</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="120" />
        <source>Attendee</source>
        <translation>Peserta</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="142" />
        <source>Gate</source>
        <translation>Pintu</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="142" />
        <source>Checked in today</source>
        <translation>Check-in hari ini</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="149" />
        <source>Today per gate</source>
        <translation>Hari ini per pintu</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="179" />
        <source>No camera</source>
        <translation>Tidak ada kamera</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="192" />
        <source>The camera is not available. Retrying…</source>
        <translation>Kamera tidak tersedia. Mencoba lagi…</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="193" />
        <source>No camera picture</source>
        <translation>Tidak ada gambar kamera</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="213" />
        <source>cancelled</source>
        <translation>dibatalkan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="234" />
        <source>Search or scan to find an attendee</source>
        <translation>Cari atau pindai untuk menemukan peserta</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="245" />
        <source>Cancelled</source>
        <translation>Dibatalkan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="246" />
        <source>Valid</source>
        <translation>Sah</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="252" />
        <source>in</source>
        <translation>masuk</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="252" />
        <source>out</source>
        <translation>keluar</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="258" />
        <source>Not checked in yet</source>
        <translation>Belum check-in</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="261" />
        <source>Printed {n}×, last at {time}</source>
        <translation>Dicetak {n}×, terakhir pukul {time}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="264" />
        <source>Reprint badge…</source>
        <translation>Cetak ulang tanda pengenal…</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="266" />
        <source>Not printed yet</source>
        <translation>Belum dicetak</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="300" />
        <source>Cannot undo: {reason}</source>
        <translation>Tidak dapat dibatalkan: {reason}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="304" />
        <source>Check-in of {name} undone.</source>
        <translation>Check-in {name} dibatalkan.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="322" />
        <source>The walk-in could not be registered: {reason}</source>
        <translation>Peserta langsung tidak dapat didaftarkan: {reason}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="351" />
        <source>The badge could not be printed: {reason}</source>
        <translation>Tanda pengenal tidak dapat dicetak: {reason}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="359" />
        <source>Reprint badge?</source>
        <translation>Cetak ulang tanda pengenal?</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="360" />
        <source>A badge for this person was already printed at {time}. Print another one?</source>
        <translation>Tanda pengenal orang ini sudah dicetak pukul {time}. Cetak satu lagi?</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="364" />
        <source>Print again</source>
        <translation>Cetak lagi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="365" />
        <source>Do not print</source>
        <translation>Jangan cetak</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../kiosk/gui/kiosk_window.py" line="37" />
        <source>Check-in kiosk</source>
        <translation>Kios check-in</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/kiosk_window.py" line="46" />
        <source>Hold the QR code of your ticket up to the camera</source>
        <translation>Arahkan kode QR tiket Anda ke kamera</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/kiosk_window.py" line="54" />
        <source>Staff</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/kiosk_window.py" line="84" />
        <source>No camera: scan with the barcode scanner.</source>
        <translation>Tidak ada kamera: pindai dengan pemindai barcode.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/kiosk_window.py" line="115" />
        <source>The camera is not available. Retrying… Scanning with the barcode scanner still works.</source>
        <translation>Kamera tidak tersedia. Mencoba lagi… Pemindai barcode tetap dapat dipakai.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/kiosk_window.py" line="118" />
        <source>No camera picture</source>
        <translation>Tidak ada gambar kamera</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="34" />
        <source>Staff only</source>
        <translation>Khusus petugas</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="39" />
        <source>Enter the staff PIN</source>
        <translation>Masukkan PIN petugas</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="46" />
        <source>Unlock</source>
        <translation>Buka</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="48" />
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="64" />
        <location filename="../../kiosk/gui/dialogs.py" line="76" />
        <source>Too many wrong PINs. Wait {s} s.</source>
        <translation>Terlalu banyak PIN salah. Tunggu {s} detik.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="79" />
        <source>Wrong PIN.</source>
        <translation>PIN salah.</translation>
    </message>
</context>
<context>
    <name>ScanController</name>
    <message>
        <location filename="../../kiosk/gui/controller.py" line="94" />
        <source>The scan could not be recorded: please try again, or see the desk.</source>
        <extracomment>False once the app is shutting down: scans still queued are ignored.</extracomment>
        <translation>Pindaian tidak dapat disimpan: silakan coba lagi, atau ke meja registrasi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/controller.py" line="112" />
        <source>The check-in could not be recorded: please try again.</source>
        <translation>Check-in tidak dapat disimpan: silakan coba lagi.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="66" />
        <source>Kiosk settings</source>
        <translation>Pengaturan kios</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="75" />
        <source>Self-service kiosk</source>
        <translation>Kios swalayan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="76" />
        <source>Registration desk</source>
        <translation>Meja registrasi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="79" />
        <source>Follow the system</source>
        <translation>Ikuti sistem</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="83" />
        <source>Play a sound with each verdict</source>
        <translation>Bunyikan suara untuk setiap hasil pindaian</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="88" />
        <source>Code shown by the central list</source>
        <translation>Kode yang ditampilkan daftar pusat</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="91" />
        <source>Leave empty to keep the current PIN</source>
        <translation>Kosongkan untuk tetap memakai PIN sekarang</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="98" />
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="99" />
        <source>Gate</source>
        <translation>Pintu</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="100" />
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="101" />
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="103" />
        <source>Central list</source>
        <translation>Daftar pusat</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="104" />
        <source>Pairing code</source>
        <translation>Kode pemasangan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="105" />
        <source>New staff PIN</source>
        <translation>PIN petugas baru</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="106" />
        <source>New PIN again</source>
        <translation>Ulangi PIN baru</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="107" />
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="109" />
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="112" />
        <source>Camera, mode and language apply after a restart.</source>
        <translation>Kamera, mode, dan bahasa berlaku setelah dimulai ulang.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="125" />
        <source>The two PINs differ.</source>
        <translation>Kedua PIN berbeda.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="154" />
        <source>Pairing with the central list…</source>
        <translation>Menyambungkan ke daftar pusat…</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="174" />
        <source>Pairing failed: {reason}</source>
        <translation>Pemasangan gagal: {reason}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="147" />
        <source>Enter the central list's address to pair.</source>
        <translation>Masukkan alamat daftar pusat untuk memasangkan.</translation>
    </message>
</context>
<context>
    <name>StaffMenu</name>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="89" />
        <source>Staff menu</source>
        <translation>Menu petugas</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="92" />
        <source>Settings…</source>
        <translation>Pengaturan…</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="94" />
        <source>Leave full screen</source>
        <translation>Keluar dari layar penuh</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="94" />
        <source>Full screen</source>
        <translation>Layar penuh</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="95" />
        <source>Quit the kiosk</source>
        <translation>Tutup kios</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="96" />
        <source>Back to scanning</source>
        <translation>Kembali memindai</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="65" />
        <source>● Online</source>
        <extracomment>Check-ins the central list refused (unknown attendee, ...): kept, never resent. Whose zone times are shown in (the event's, not the machine's).</extracomment>
        <translation>● Daring</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="66" />
        <source>○ Offline</source>
        <translation>○ Luring</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="67" />
        <source>⚠ Not paired: pair again</source>
        <translation>⚠ Belum terpasang: pasangkan lagi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="68" />
        <source>○ Not connected to a central list</source>
        <translation>○ Tidak terhubung ke daftar pusat</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="72" />
        <source>Waiting to upload: {n}</source>
        <translation>Menunggu diunggah: {n}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="74" />
        <source>⚠ Refused by the central list: {n} (see the desk)</source>
        <translation>⚠ Ditolak daftar pusat: {n} (silakan ke meja registrasi)</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="77" />
        <source>never</source>
        <translation>belum pernah</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="78" />
        <source>Last sync: {when}</source>
        <translation>Sinkronisasi terakhir: {when}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="79" />
        <source>Checked in: {checked} of {total}</source>
        <translation>Sudah check-in: {checked} dari {total}</translation>
    </message>
</context>
<context>
    <name>Verdict</name>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="74" />
        <source>Goodbye!</source>
        <translation>Sampai jumpa!</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="75" />
        <source>Exit recorded. See you soon.</source>
        <translation>Keluar tercatat. Sampai jumpa lagi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="77" />
        <source>Please go in.</source>
        <translation>Silakan masuk.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="79" />
        <source>Valid ticket</source>
        <translation>Tiket sah</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="80" />
        <source>Valid ticket issued after the last sync. Please go in.</source>
        <translation>Tiket sah, diterbitkan setelah sinkronisasi terakhir. Silakan masuk.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="82" />
        <source>Welcome!</source>
        <translation>Selamat datang!</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="85" />
        <source>Welcome back!</source>
        <translation>Selamat datang kembali!</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="86" />
        <source>Re-entry recorded. Please go in.</source>
        <translation>Masuk kembali tercatat. Silakan masuk.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="91" />
        <source>Already checked in at {gate}, {time}, by {device}. Please see the desk.</source>
        <translation>Sudah check-in di {gate}, pukul {time}, oleh {device}. Silakan ke meja registrasi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="98" />
        <source>This ticket was already used today. Please see the desk.</source>
        <translation>Tiket ini sudah dipakai hari ini. Silakan ke meja registrasi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="100" />
        <location filename="../../kiosk/gui/verdict_text.py" line="166" />
        <source>Already checked in</source>
        <translation>Sudah check-in</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="103" />
        <source>This ticket is for another event. Please see the desk.</source>
        <translation>Tiket ini untuk acara lain. Silakan ke meja registrasi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="109" />
        <source>This ticket is not valid at {gate}. Please go to {where}.</source>
        <translation>Tiket ini tidak berlaku di {gate}. Silakan menuju {where}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="113" />
        <source>This ticket is not valid at {gate}. Please see the registration desk.</source>
        <translation>Tiket ini tidak berlaku di {gate}. Silakan ke meja registrasi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="105" />
        <location filename="../../kiosk/gui/verdict_text.py" line="116" />
        <location filename="../../kiosk/gui/verdict_text.py" line="167" />
        <source>Wrong entrance</source>
        <translation>Pintu masuk salah</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="44" />
        <source>This ticket is not valid today. Valid on: {days}.</source>
        <extracomment>What to hand over (T-shirt size, notes): label/value pairs from the attendee list.</extracomment>
        <translation>Tiket ini tidak berlaku hari ini. Berlaku pada: {days}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="48" />
        <source>This ticket is not valid today. Valid from {start} to {end}.</source>
        <translation>Tiket ini tidak berlaku hari ini. Berlaku dari {start} sampai {end}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="52" />
        <source>This ticket is not valid today. Valid from {start}.</source>
        <translation>Tiket ini tidak berlaku hari ini. Berlaku mulai {start}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="55" />
        <source>This ticket is not valid today. Valid until {end}.</source>
        <translation>Tiket ini tidak berlaku hari ini. Berlaku sampai {end}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="57" />
        <source>This ticket is not valid today. Please see the desk.</source>
        <translation>Tiket ini tidak berlaku hari ini. Silakan ke meja registrasi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="120" />
        <source>{gate} is not open today. Please go to {where}.</source>
        <translation>{gate} tidak buka hari ini. Silakan menuju {where}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="124" />
        <source>{gate} is not open today. It is open on: {days}.</source>
        <translation>{gate} tidak buka hari ini. Buka pada: {days}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="127" />
        <source>Entrance closed today</source>
        <translation>Pintu masuk tutup hari ini</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="130" />
        <source>The event is not on today. Event days: {days}.</source>
        <translation>Acara tidak berlangsung hari ini. Hari acara: {days}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="133" />
        <location filename="../../kiosk/gui/verdict_text.py" line="136" />
        <location filename="../../kiosk/gui/verdict_text.py" line="168" />
        <source>Not valid today</source>
        <translation>Tidak berlaku hari ini</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="140" />
        <source>Ticket revoked</source>
        <translation>Tiket dicabut</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="142" />
        <source>Registration cancelled</source>
        <translation>Pendaftaran dibatalkan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="143" />
        <source>Please see the registration desk.</source>
        <translation>Silakan ke meja registrasi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="146" />
        <location filename="../../kiosk/gui/verdict_text.py" line="170" />
        <source>Ticket not found</source>
        <translation>Tiket tidak ditemukan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="147" />
        <source>This code is not on the attendee list. Please see the desk.</source>
        <translation>Kode ini tidak ada di daftar peserta. Silakan ke meja registrasi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="151" />
        <location filename="../../kiosk/gui/verdict_text.py" line="171" />
        <source>Invalid ticket</source>
        <translation>Tiket tidak sah</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="152" />
        <source>This ticket could not be verified. Please see the desk.</source>
        <translation>Tiket ini tidak dapat diverifikasi. Silakan ke meja registrasi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="155" />
        <location filename="../../kiosk/gui/verdict_text.py" line="172" />
        <source>That is not a ticket</source>
        <translation>Itu bukan tiket</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="156" />
        <source>Please show the QR code from your ticket e-mail or printout.</source>
        <translation>Tunjukkan kode QR dari e-mail tiket atau cetakan tiket Anda.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="164" />
        <source>Accepted</source>
        <translation>Diterima</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="165" />
        <source>Re-entry</source>
        <translation>Masuk kembali</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="169" />
        <source>Cancelled</source>
        <translation>Dibatalkan</translation>
    </message>
</context>
<context>
    <name>WalkinDialog</name>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="117" />
        <source>Register a walk-in</source>
        <translation>Daftarkan peserta langsung</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="125" />
        <source>Check in now</source>
        <translation>Check-in sekarang</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="130" />
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="131" />
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="132" />
        <source>Organisation</source>
        <translation>Instansi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="133" />
        <source>Ticket type</source>
        <translation>Jenis tiket</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="134" />
        <source>Notes</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="135" />
        <source>Register</source>
        <translation>Daftarkan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="137" />
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="153" />
        <source>A walk-in needs a name.</source>
        <translation>Peserta langsung harus punya nama.</translation>
    </message>
</context>
</TS>