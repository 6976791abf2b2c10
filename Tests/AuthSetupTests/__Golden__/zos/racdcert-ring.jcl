//SSHAUTH  JOB (),'SSHAUTH',MSGCLASS=H,NOTIFY=&SYSUID
//*
//* Creates a self-signed RSA certificate for SSH client
//* authentication, owned by COZUSER, with the label MY-CERT.
//* It is connected to the key ring MY-RING as its default personal
//* certificate, so the ring alone finds it.
//* Needs RACF authority to create certificates (the IRR.DIGTCERT
//* profiles in the FACILITY class); usually run by a security
//* administrator.
//* IKJEFT01 ends with the return code of the last command only: read
//* SYSTSPRT to see how each command went.
//*
//RACDCERT EXEC PGM=IKJEFT01,REGION=0M
//SYSTSPRT DD SYSOUT=*
//SYSTSIN  DD DATA,DLM=$$
 /* Self-signed certificate for SSH client authentication */
 RACDCERT ID(COZUSER) GENCERT +
     SUBJECTSDN( +
         CN('First Lastname') +
         OU('Development') +
         O('My Company') +
         C('US')) +
     SIZE(2048) +
     NOTAFTER(DATE(2040-12-31)) +
     WITHLABEL('MY-CERT')

 /* The key ring, with the certificate as its default */
 RACDCERT ID(COZUSER) ADDRING(MY-RING)
 RACDCERT ID(COZUSER) CONNECT( +
     ID(COZUSER) +
     LABEL('MY-CERT') +
     RING(MY-RING) +
     USAGE(PERSONAL) DEFAULT)

 /* Refresh the in-storage profiles, if the classes are RACLISTed */
 SETROPTS RACLIST(DIGTCERT,DIGTRING) REFRESH

 /* Show the result */
 RACDCERT ID(COZUSER) LISTRING(MY-RING)
 RACDCERT ID(COZUSER) LIST(LABEL('MY-CERT'))
$$
